package dev.knobs.web.account;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/** What a request presented: a page login's cookie or a personal API token. */
public final class CredentialRequest extends BaseAuthenticationRequest {
    public enum Kind {
        SESSION,
        TOKEN
    }

    private final Kind kind;
    private final String secret;

    public CredentialRequest(Kind kind, String secret) {
        this.kind = kind;
        this.secret = secret;
    }

    public Kind kind() {
        return kind;
    }

    public String secret() {
        return secret;
    }
}
