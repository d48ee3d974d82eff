package dev.skiff.console;

import dev.skiff.common.json.Json;
import dev.skiff.common.json.JsonException;
import dev.skiff.common.json.JsonObject;
import dev.skiff.remoting.RemotingClient;
import dev.skiff.remoting.RemotingException;
import dev.skiff.remoting.protocol.RemotingCommand;
import dev.skiff.remoting.protocol.ResponseCode;
import java.util.List;

/**
 * The console's requests over the wire protocol, to one name server or broker at a time: sends,
 * waits at most {@code consoleRpcTimeoutMs}, and turns a failed request into a {@link
 * ConsoleException} naming the server and its answer. Name-server requests try each configured
 * name server in turn until one answers.
 */
final class AdminCalls {
    private final RemotingClient client;
    private final List<String> namesrvAddrs;
    private final long timeoutMs;

    AdminCalls(RemotingClient client, List<String> namesrvAddrs, long timeoutMs) {
        this.client = client;
        this.namesrvAddrs = List.copyOf(namesrvAddrs);
        this.timeoutMs = timeoutMs;
    }

    /** Sends to the first name server that answers; its response must be SUCCESS. */
    RemotingCommand namesrv(RemotingCommand request) {
        return namesrvAllowing(request, ResponseCode.SUCCESS.code());
    }

    /**
     * Sends to the first name server that answers; its response must be SUCCESS or {@code
     * alsoAccepted} (e.g. TOPIC_NOT_EXIST, which the caller turns into a 404).
     */
    RemotingCommand namesrvAllowing(RemotingCommand request, int alsoAccepted) {
        ConsoleException last = null;
        for (String addr : namesrvAddrs) {
            try {
                RemotingCommand response = send(addr, copyOf(request));
                if (response.code() != ResponseCode.SUCCESS.code() && response.code() != alsoAccepted) {
                    throw refused(addr, request, response);
                }
                return response;
            } catch (ConsoleException e) {
                last = e;
            }
        }
        throw last != null ? last : new ConsoleException(ConsoleException.BAD_GATEWAY, "no name server configured");
    }

    /** Sends to {@code addr}; the response must be SUCCESS. */
    RemotingCommand call(String addr, RemotingCommand request) {
        RemotingCommand response = send(addr, request);
        if (response.code() != ResponseCode.SUCCESS.code()) {
            throw refused(addr, request, response);
        }
        return response;
    }

    /** Sends to {@code addr} and returns the response whatever its code. */
    RemotingCommand send(String addr, RemotingCommand request) {
        try {
            return client.invokeSync(addr, request, timeoutMs);
        } catch (RemotingException e) {
            throw new ConsoleException(ConsoleException.BAD_GATEWAY, "no answer from " + addr + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConsoleException(ConsoleException.UNAVAILABLE, "interrupted");
        }
    }

    /** The body of a response parsed as (lenient, object-keyed) JSON; an empty body is an empty object. */
    static JsonObject json(RemotingCommand response) {
        byte[] body = response.body();
        if (body == null || body.length == 0) {
            return new JsonObject();
        }
        try {
            return Json.parseObject(body);
        } catch (JsonException e) {
            throw new ConsoleException(ConsoleException.BAD_GATEWAY, "unreadable answer: " + e.getMessage());
        }
    }

    static ConsoleException refused(String addr, RemotingCommand request, RemotingCommand response) {
        return new ConsoleException(
                ConsoleException.BAD_GATEWAY,
                addr + " refused request " + request.code() + ": code " + response.code()
                        + (response.remark() == null ? "" : " (" + response.remark() + ")"));
    }

    /** A fresh request (new opaque) with the same code and fields, for a retry on another server. */
    private static RemotingCommand copyOf(RemotingCommand request) {
        RemotingCommand copy = RemotingCommand.request(request.code());
        if (request.extFields() != null) {
            copy.ensureExtFields().putAll(request.extFields());
        }
        return copy.body(request.body());
    }
}
