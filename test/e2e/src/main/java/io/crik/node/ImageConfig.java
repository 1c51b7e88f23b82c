package io.crik.node;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The parts of an OCI image config that decide how a container runs: ENTRYPOINT, CMD, Env,
 * WorkingDir, User and StopSignal. Empty lists and strings mean the image does not set them.
 *
 * @param env entries in {@code NAME=value} form, in image order
 * @param user {@code uid}, {@code uid:gid}, {@code name} or {@code name:group}, or empty for root
 * @param stopSignal signal name such as {@code SIGTERM}, or empty for SIGTERM
 */
public record ImageConfig(List<String> entrypoint, List<String> cmd, List<String> env, String workingDir,
        String user, String stopSignal) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    public ImageConfig {
        entrypoint = List.copyOf(entrypoint);
        cmd = List.copyOf(cmd);
        env = List.copyOf(env);
        workingDir = workingDir == null ? "" : workingDir;
        user = user == null ? "" : user;
        stopSignal = stopSignal == null ? "" : stopSignal;
    }

    /** Returns the config of an image that sets nothing, like one built {@code FROM scratch} with only files. */
    public static ImageConfig empty() {
        return new ImageConfig(List.of(), List.of(), List.of(), "", "", "");
    }

    /**
     * Reads an OCI image config ({@code {"config": {"Entrypoint": [...], "Cmd": [...], ...}}}), as
     * {@code skopeo inspect --config} or a registry's config blob gives it.
     */
    public static ImageConfig fromOciJson(String json) {
        JsonNode config = JSON.readTree(json).path("config");
        return new ImageConfig(strings(config.path("Entrypoint")), strings(config.path("Cmd")),
                strings(config.path("Env")), config.path("WorkingDir").asString(""),
                config.path("User").asString(""), config.path("StopSignal").asString(""));
    }

    public ImageConfig withEntrypoint(String... entrypoint) {
        return new ImageConfig(List.of(entrypoint), cmd, env, workingDir, user, stopSignal);
    }

    public ImageConfig withCmd(String... cmd) {
        return new ImageConfig(entrypoint, List.of(cmd), env, workingDir, user, stopSignal);
    }

    /** Returns a copy with these {@code NAME=value} entries appended to Env. */
    public ImageConfig withEnv(String... entries) {
        List<String> all = new ArrayList<>(env);
        all.addAll(List.of(entries));
        return new ImageConfig(entrypoint, cmd, all, workingDir, user, stopSignal);
    }

    public ImageConfig withWorkingDir(String workingDir) {
        return new ImageConfig(entrypoint, cmd, env, workingDir, user, stopSignal);
    }

    public ImageConfig withUser(String user) {
        return new ImageConfig(entrypoint, cmd, env, workingDir, user, stopSignal);
    }

    public ImageConfig withStopSignal(String stopSignal) {
        return new ImageConfig(entrypoint, cmd, env, workingDir, user, stopSignal);
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        for (JsonNode value : array) {
            values.add(value.asString());
        }
        return values;
    }
}
