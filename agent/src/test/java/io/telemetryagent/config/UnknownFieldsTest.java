package io.telemetryagent.config;

import static io.telemetryagent.config.Configs.KEYS;
import static io.telemetryagent.config.Configs.XRAY;
import static io.telemetryagent.config.Configs.assertProblem;
import static io.telemetryagent.config.Configs.assertRejected;
import static io.telemetryagent.config.Configs.load;
import static io.telemetryagent.config.Configs.withTop;
import static io.telemetryagent.config.Configs.withXray;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** A field the block does not know is a likely typo: named by its full path, with the nearest known one. */
class UnknownFieldsTest {

    @Test
    void rejectsMisspelledTopLevelFieldSuggestingTheRightOne() {
        assertProblem(withTop("'sample_rte': 10"),
                "unknown field \"sample_rte\" in telemetry/opencensus; did you mean \"sample_rate\"?");
    }

    @Test
    void suggestsDespiteSwappedLettersAndCase() {
        assertRejected(withTop("'Smaple_Rate': 10"), "unknown field \"Smaple_Rate\"", "did you mean \"sample_rate\"?");
    }

    @Test
    void rejectsUnknownFieldListingTheKnownOnes() {
        assertProblem(withTop("'tracing': true"), "unknown field \"tracing\" in telemetry/opencensus; remove it or fix its"
                + " spelling (known here: sample_rate, reporting_period, enabled_layers, exporters, service_name,"
                + " sanitized_query, log_correlation)");
    }

    @Test
    void rejectsMisspelledLayerWithItsPath() {
        assertRejected(withTop("'enabled_layers': {'routr': true}"),
                "unknown field \"enabled_layers.routr\" in telemetry/opencensus; did you mean \"enabled_layers.router\"?");
    }

    @Test
    void rejectsMisspelledXrayField() {
        assertRejected(withXray(KEYS + ", 'regoin': 'eu-west-1'"),
                "unknown field \"exporters.xray.regoin\"", "did you mean \"exporters.xray.region\"?");
    }

    @Test
    void rejectsMisspelledSecretFieldNamingOnlyTheField() {
        assertRejected(withXray("'region': 'eu-west-1', 'access_key_id': 'AKIAQUOKKA1234567890',"
                        + " 'secret_acess_key': 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYSECRETKEY'"),
                "unknown field \"exporters.xray.secret_acess_key\"", "did you mean \"exporters.xray.secret_access_key\"?");
    }

    @Test
    void pointsAMisplacedFieldToWhereItBelongs() {
        assertProblem(withTop("'region': 'eu-west-1'"), "unknown field \"region\" in telemetry/opencensus;"
                + " did you mean \"exporters.xray.region\"? (it belongs in exporters.xray)");
    }

    @Test
    void pointsAFieldMisplacedInXrayToTheTopOfTheBlock() {
        assertRejected(withXray(XRAY + ", 'sample_rate': 10"), "unknown field \"exporters.xray.sample_rate\"",
                "did you mean \"sample_rate\"? (it belongs at the top of the block)");
    }

    @Test
    void rejectsMisspelledExporter() {
        assertRejected(Configs.json("{'exporters': {'xrey': {}}}"), "unknown field \"exporters.xrey\"",
                "did you mean \"exporters.xray\"?");
    }

    @Test
    void ignoresKrakendsOtherExportersInASharedBlock() throws ConfigException {
        String shared = Configs.json("{'exporters': {'jaeger': {'endpoint': 'http://jaeger:14268', 'service_name': 'gw'},"
                + " 'prometheus': {'port': 9091}, 'xray': {" + XRAY + "}}}");
        assertEquals("eu-west-1", load(shared).region());
    }

    @Test
    void acceptsASchemaHintAtTheTopOfTheBlock() throws ConfigException {
        assertEquals("eu-west-1", load(withTop("'$schema': 'https://www.krakend.io/schema/v2.5/telemetry/opencensus.json'")).region());
    }
}
