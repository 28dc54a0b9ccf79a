package io.seckill.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** The load generator reads and writes the API's JSON with Jackson, escapes and all. */
class JsonFieldsTests {

    @Test
    void aFieldIsTheTopLevelOneEvenWhenAnEarlierStringQuotesItsName() {
        var problem = "{\"detail\":\"say \\\"code\\\":\\\"FAKE\\\"\",\"extra\":{\"code\":\"NESTED\"},\"code\":\"REAL\",\"id\":42}";

        assertEquals("REAL", Http.field(problem, "code"));
        assertEquals("42", Http.field(problem, "id"));
        assertEquals("say \"code\":\"FAKE\"", Http.field(problem, "detail"));
        assertNull(Http.field(problem, "extra"), "an object is not a scalar field");
        assertNull(Http.field(problem, "missing"));
        assertNull(Http.field("<html>502</html>", "code"), "a body that is not JSON has no field");
    }

    @Test
    void aBodyIsWrittenAsJsonWhateverItsValuesHold() {
        var body = Http.body("promoId", 7L, "quantity", 1, "token", "a\"b\\c");

        assertEquals("{\"promoId\":7,\"quantity\":1,\"token\":\"a\\\"b\\\\c\"}", body);
        assertEquals("a\"b\\c", Http.field(body, "token"));
    }
}
