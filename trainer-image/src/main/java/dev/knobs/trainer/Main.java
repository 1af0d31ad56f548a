package dev.knobs.trainer;

import dev.knobs.eventing.ParentWatch;
import dev.knobs.trainer.serve.ServeCommand;
import dev.knobs.trainer.serve.WarmUp;
import dev.knobs.trainer.train.TrainCommand;

/**
 * The trainer image's entry point: {@code train} runs one trial, {@code serve} serves one model.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) throws Exception {
        // a trial or a model server ends with the platform process that started it
        ParentWatch.start(System::getenv, () -> Runtime.getRuntime().halt(143));
        String command = args.length == 0 ? "" : args[0];
        switch (command) {
            case "train" -> System.exit(new TrainCommand(System::getenv, System.out).run());
            case "warm-up" -> System.exit(WarmUp.run());
            case "serve" -> {
                if (!new ServeCommand(System::getenv).start().awaitShutdown()) {
                    System.exit(3);
                }
            }
            default -> {
                System.err.println(
                        "usage: knobs-trainer train | serve | warm-up   (configured through the environment; see trainer-image/README.md)");
                System.exit(64);
            }
        }
    }
}
