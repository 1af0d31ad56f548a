package dev.knobs.web.account;

import dev.knobs.domain.account.UserAccount;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

/** The users, as the front keeps them (the functions only read roles). */
@ApplicationScoped
public class Users implements PanacheRepositoryBase<UserAccount, String> {}
