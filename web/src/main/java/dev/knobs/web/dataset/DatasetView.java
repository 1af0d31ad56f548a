package dev.knobs.web.dataset;

import dev.knobs.formats.dataset.DatasetProfile;
import java.time.Instant;

/** A dataset as the API shows it. */
public record DatasetView(
        String id,
        String name,
        int rows,
        long sizeBytes,
        DatasetProfile profile,
        Instant createdAt) {}
