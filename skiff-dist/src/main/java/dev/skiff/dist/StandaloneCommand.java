package dev.skiff.dist;

import dev.skiff.namesrv.NamesrvMain;

/**
 * {@code skiff standalone}: every server role in one process with defaults, so one command gives
 * a working Skiff. Today that is the name server (listening on 0.0.0.0:9876 unless told
 * otherwise); the broker joins this process when it exists.
 */
final class StandaloneCommand {
    private StandaloneCommand() {}

    static int run(String[] args) {
        System.out.println("skiff standalone: starting the name server (the broker is not part of this build yet)");
        return NamesrvMain.run(args);
    }
}
