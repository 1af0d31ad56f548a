package dev.knobs.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Id;
import jakarta.persistence.MappedSuperclass;

/**
 * What every record a person owns has: its id, its owner's user name — which is the authority on
 * who may see and change it — and the name the person gave it.
 */
@MappedSuperclass
public abstract class Owned {
    @Id
    @Column(length = 64)
    public String id;

    @Column(nullable = false, length = 128)
    public String owner;

    @Column(nullable = false)
    public String name;
}
