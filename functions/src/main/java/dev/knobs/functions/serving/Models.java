package dev.knobs.functions.serving;

import dev.knobs.domain.experiment.PublishedModel;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

/** Published models: the functions record each deployment; the front reads them. */
@ApplicationScoped
public class Models implements PanacheRepositoryBase<PublishedModel, String> {}
