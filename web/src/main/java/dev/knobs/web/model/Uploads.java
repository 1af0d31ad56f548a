package dev.knobs.web.model;

import dev.knobs.domain.experiment.ModelUpload;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

/** Model files people uploaded to be served; the front writes them, the functions serve them. */
@ApplicationScoped
public class Uploads implements PanacheRepositoryBase<ModelUpload, String> {}
