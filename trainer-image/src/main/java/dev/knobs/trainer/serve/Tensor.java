package dev.knobs.trainer.serve;

import java.util.List;

/** An Open Inference Protocol tensor: the data is flat, in row-major order. */
public record Tensor(String name, String datatype, List<Long> shape, List<?> data) {
    public long elements() {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }
}
