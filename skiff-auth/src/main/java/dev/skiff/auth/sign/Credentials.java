package dev.skiff.auth.sign;

import dev.skiff.common.json.Json;
import dev.skiff.common.json.JsonObject;
import dev.skiff.common.json.JsonValue;

/**
 * An access key and its secret, as the official config key {@code innerClientAuthenticationCredentials}
 * writes them: {@code {"accessKey":"rocketmq","secretKey":"12345678"}}.
 */
public record Credentials(String accessKey, String secretKey) {

    public Credentials {
        if (accessKey == null || accessKey.isBlank() || secretKey == null || secretKey.isEmpty()) {
            throw new IllegalArgumentException("credentials need a non-blank accessKey and a secretKey");
        }
    }

    /** Parses the official JSON form; null for blank text. */
    public static Credentials parse(String json) {
        if (json == null || json.isBlank()) {
            return null;
        }
        JsonValue value;
        try {
            value = Json.parse(json);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    "credentials must be JSON like {\"accessKey\":\"...\",\"secretKey\":\"...\"}: " + e.getMessage());
        }
        if (!(value instanceof JsonObject object)) {
            throw new IllegalArgumentException("credentials must be a JSON object with accessKey and secretKey");
        }
        return new Credentials(object.getString("accessKey"), object.getString("secretKey"));
    }

    @Override
    public String toString() {
        return "Credentials[" + accessKey + "]"; // never the secret
    }
}
