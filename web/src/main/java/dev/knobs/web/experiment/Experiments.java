package dev.knobs.web.experiment;

import dev.knobs.domain.experiment.Experiment;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

/** Experiment rows as the front reads them (the functions write them). */
@ApplicationScoped
public class Experiments implements PanacheRepositoryBase<Experiment, String> {}
