package org.inkflow.common.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ApiKeysTest {

    private static final String OPERATOR = "operator-key-0123456789";
    private static final String CONSUMER = "consumer-key-0123456789";

    @Test
    void anOperatorKeyGrantsBothRolesAConsumerKeyOnlyItsOwn() {
        ApiKeys keys = new ApiKeys(List.of(OPERATOR), List.of(" " + CONSUMER + " ", ""));
        assertThat(keys.roles(OPERATOR)).contains(Set.of(Roles.OPERATOR, Roles.CONSUMER));
        assertThat(keys.roles(CONSUMER)).contains(Set.of(Roles.CONSUMER));
        assertThat(keys.roles(OPERATOR + "x")).isEmpty();
        assertThat(keys.roles(OPERATOR.substring(1))).isEmpty();
        assertThat(keys.roles("")).isEmpty();
        assertThat(keys.isEmpty()).isFalse();
        assertThat(new ApiKeys(List.of(), List.of()).roles(OPERATOR)).isEqualTo(Optional.empty());
    }

    @Test
    void shortKeysAreRefusedAtStartNamingTheProperty() {
        assertThatThrownBy(() -> new ApiKeys(List.of("short"), List.of()))
                .hasMessageContaining("inkflow.auth.operator-keys").hasMessageContaining("at least 16");
    }

    @Test
    void theKeyComesFromXApiKeyOrANonJwtBearerValue() {
        assertThat(ApiKeyMechanism.key(OPERATOR, null)).isEqualTo(OPERATOR);
        assertThat(ApiKeyMechanism.key(null, "Bearer " + OPERATOR)).isEqualTo(OPERATOR);
        assertThat(ApiKeyMechanism.key(null, "bearer  " + OPERATOR + " ")).isEqualTo(OPERATOR);
        assertThat(ApiKeyMechanism.key(OPERATOR, "Bearer aaa.bbb.ccc")).isEqualTo(OPERATOR);
        // A JWT is SmallRye JWT's to verify; Basic and empty values are no key.
        assertThat(ApiKeyMechanism.key(null, "Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln")).isNull();
        assertThat(ApiKeyMechanism.key(null, "Basic dXNlcjpwYXNz")).isNull();
        assertThat(ApiKeyMechanism.key(" ", "Bearer ")).isNull();
        assertThat(ApiKeyMechanism.key(null, null)).isNull();
        assertThat(ApiKeyMechanism.looksLikeJwt("a.b")).isFalse();
        assertThat(ApiKeyMechanism.looksLikeJwt("a.b.c.d")).isFalse();
    }
}
