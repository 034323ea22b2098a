package io.telemetryagent.config;

import static io.telemetryagent.config.Configs.ACCESS_KEY;
import static io.telemetryagent.config.Configs.KEYS;
import static io.telemetryagent.config.Configs.MAIN;
import static io.telemetryagent.config.Configs.SECRET;
import static io.telemetryagent.config.Configs.XRAY;
import static io.telemetryagent.config.Configs.json;
import static io.telemetryagent.config.Configs.load;
import static io.telemetryagent.config.Configs.withTop;
import static io.telemetryagent.config.Configs.withXray;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Valid configurations, and every default of SPEC §2. */
class ConfigLoaderTest {

    private static final String MINIMAL = withXray("'region': 'eu-west-1', " + KEYS);

    @Test
    void readsTheSpecExample() throws ConfigException {
        TelemetryConfig config = load(json("{'sample_rate': 100, 'reporting_period': 0,"
                + " 'enabled_layers': {'router': true, 'pipe': true, 'backend': true},"
                + " 'exporters': {'xray': {'version': 'latest', 'region': 'eu-west-1', 'use_env': false,"
                + " 'access_key_id': 'myaccesskey', 'secret_access_key': 'mysecretkey'}}}"));
        assertEquals(100, config.sampleRate());
        assertEquals(1, config.reportingPeriodSeconds());
        assertTrue(config.routerEnabled() && config.pipeEnabled() && config.backendEnabled());
        assertEquals("latest", config.version());
        assertEquals("eu-west-1", config.region());
        assertFalse(config.useEnv());
        assertEquals("myaccesskey", config.accessKeyId());
        assertEquals("mysecretkey", config.secretAccessKey());
        assertNull(config.endpoint());
    }

    @Test
    void sampleRateDefaultsToZero() throws ConfigException {
        assertEquals(0, load(MINIMAL).sampleRate());
    }

    @Test
    void acceptsSampleRateBounds() throws ConfigException {
        assertEquals(0, load(withTop("'sample_rate': 0")).sampleRate());
        assertEquals(100, load(withTop("'sample_rate': 100")).sampleRate());
    }

    @Test
    void reportingPeriodDefaultsToOneSecond() throws ConfigException {
        assertEquals(1, load(MINIMAL).reportingPeriodSeconds());
        assertEquals(1, load(withTop("'reporting_period': 0")).reportingPeriodSeconds());
        assertEquals(1, load(withTop("'reporting_period': -5")).reportingPeriodSeconds());
        assertEquals(1, load(withTop("'reporting_period': -99999999999")).reportingPeriodSeconds());
    }

    @Test
    void readsAPositiveReportingPeriod() throws ConfigException {
        assertEquals(30, load(withTop("'reporting_period': 30")).reportingPeriodSeconds());
    }

    @Test
    void acceptsAReportingPeriodOfAnHour() throws ConfigException {
        assertEquals(3600, load(withTop("'reporting_period': 3600")).reportingPeriodSeconds());
    }

    @Test
    void acceptsAnEndpointWithTheHighestPort() throws ConfigException {
        assertEquals(65535, load(withXray(XRAY + ", 'endpoint': 'http://127.0.0.1:65535'")).endpoint().getPort());
    }

    @Test
    void allLayersAreOnWhenEnabledLayersIsAbsent() throws ConfigException {
        TelemetryConfig config = load(MINIMAL);
        assertTrue(config.routerEnabled());
        assertTrue(config.pipeEnabled());
        assertTrue(config.backendEnabled());
    }

    @Test
    void onlyLayersSetTrueAreOnWhenEnabledLayersIsPresent() throws ConfigException {
        TelemetryConfig config = load(withTop("'enabled_layers': {'router': true}"));
        assertTrue(config.routerEnabled());
        assertFalse(config.pipeEnabled());
        assertFalse(config.backendEnabled());
    }

    @Test
    void layersSetFalseAreOff() throws ConfigException {
        TelemetryConfig config = load(withTop("'enabled_layers': {'router': false, 'pipe': true, 'backend': false}"));
        assertFalse(config.routerEnabled());
        assertTrue(config.pipeEnabled());
        assertFalse(config.backendEnabled());
    }

    @Test
    void emptyEnabledLayersTurnsEveryLayerOff() throws ConfigException {
        TelemetryConfig config = load(withTop("'enabled_layers': {}"));
        assertFalse(config.routerEnabled() || config.pipeEnabled() || config.backendEnabled());
    }

    @Test
    void versionDefaultsToTelemetryAgent() throws ConfigException {
        assertEquals("telemetry-agent", load(MINIMAL).version());
    }

    @Test
    void useEnvDefaultsToFalse() throws ConfigException {
        assertFalse(load(MINIMAL).useEnv());
    }

    @Test
    void endpointDefaultsToNull() throws ConfigException {
        assertNull(load(MINIMAL).endpoint());
    }

    @Test
    void readsAnEndpoint() throws ConfigException {
        assertEquals(URI.create("http://127.0.0.1:4567"),
                load(withXray(XRAY + ", 'endpoint': 'http://127.0.0.1:4567'")).endpoint());
        assertEquals(URI.create("https://xray.eu-west-1.amazonaws.com/"),
                load(withXray(XRAY + ", 'endpoint': 'https://xray.eu-west-1.amazonaws.com/'")).endpoint());
    }

    @Test
    void acceptsRegionsOfEveryPartition() throws ConfigException {
        for (String region : new String[] {"eu-west-1", "us-gov-west-1", "cn-north-1", "ap-southeast-5", "us-isob-east-1"}) {
            assertEquals(region, load(withXray("'region': '" + region + "', " + KEYS)).region());
        }
    }

    @Test
    void serviceNameComesFromTheBlockFirst() throws ConfigException {
        TelemetryConfig config = ConfigLoader.load(withTop("'service_name': 'orders'"),
                Map.of("AWS_XRAY_TRACING_NAME", "from-env"), MAIN);
        assertEquals("orders", config.serviceName());
    }

    @Test
    void serviceNameFallsBackToAwsXrayTracingName() throws ConfigException {
        assertEquals("from-env", ConfigLoader.load(MINIMAL, Map.of("AWS_XRAY_TRACING_NAME", "from-env"), MAIN).serviceName());
    }

    @Test
    void serviceNameFallsBackToTheMainClassSimpleName() throws ConfigException {
        assertEquals("OrdersApp", ConfigLoader.load(MINIMAL, Map.of(), "com.acme.OrdersApp arg1").serviceName());
    }

    @Test
    void serviceNameFallsBackToTheJarNameWithoutExtension() throws ConfigException {
        assertEquals("orders-service",
                ConfigLoader.load(MINIMAL, Map.of(), "/opt/app/orders-service.jar --port 1").serviceName());
    }

    @Test
    void serviceNameFallsBackToJavaApp() throws ConfigException {
        assertEquals("java-app", ConfigLoader.load(MINIMAL, Map.of(), null).serviceName());
        assertEquals("java-app", ConfigLoader.load(MINIMAL, Map.of(), "").serviceName());
    }

    @Test
    void emptyAwsXrayTracingNameIsIgnored() throws ConfigException {
        assertEquals("OrdersApp", ConfigLoader.load(MINIMAL, Map.of("AWS_XRAY_TRACING_NAME", ""), MAIN).serviceName());
    }

    @Test
    void rejectsAwsXrayTracingNameThatXRayRefuses() {
        String message = Configs.rejection(MINIMAL, Map.of("AWS_XRAY_TRACING_NAME", "orders<v2>"));
        assertTrue(message.contains("the AWS_XRAY_TRACING_NAME environment variable is \"orders<v2>\","), message);
        assertTrue(message.contains("or set service_name in telemetry/opencensus"), message);
    }

    @Test
    void derivesServiceNamesFromOtherCommandForms() {
        assertEquals("orders service", ServiceName.fromMainCommand("/opt/my app/orders service.jar --port 1"));
        assertEquals("Orders", ServiceName.fromMainCommand("C:\\apps\\Orders.JAR"));
        assertEquals("Main", ServiceName.fromMainCommand("com.acme.orders/com.acme.Main"));
        assertEquals("OrdersAppInner", ServiceName.fromMainCommand("com.acme.OrdersApp$Inner"));
    }

    @Test
    void readsTheBlockFromAWholeKrakendConfigIgnoringItsOtherFields() throws ConfigException {
        String krakend = json("{'version': 3, 'name': 'gw', 'port': 8080, 'timeout': 'not validated',"
                + " 'endpoints': [{'endpoint': '/a', 'backend': [{'host': ['http://b']}]}],"
                + " 'extra_config': {'telemetry/logging': {'level': 'DEBUG'},"
                + " 'telemetry/opencensus': {'sample_rate': 10, 'exporters': {'xray': {" + XRAY + "}}}}}");
        TelemetryConfig config = load(krakend);
        assertEquals(10, config.sampleRate());
        assertEquals("eu-west-1", config.region());
        assertEquals(ACCESS_KEY, config.accessKeyId());
        assertEquals(SECRET, config.secretAccessKey());
    }

    @Test
    void ignoresDuplicatesOutsideTheBlockOfAWholeKrakendConfig() throws ConfigException {
        String krakend = json("{'version': 3, 'port': 1, 'port': 2,"
                + " 'extra_config': {'telemetry/opencensus': {'exporters': {'xray': {" + XRAY + "}}}}}");
        assertEquals("eu-west-1", load(krakend).region());
    }

    @Test
    void rejectsADuplicateInsideTheBlockOfAWholeKrakendConfig() {
        String krakend = json("{'extra_config': {'telemetry/opencensus': {'sample_rate': 1, 'sample_rate': 2,"
                + " 'exporters': {'xray': {" + XRAY + "}}}}}");
        Configs.assertRejected(krakend, "field \"sample_rate\" appears twice in telemetry/opencensus");
    }

    @Test
    void rejectsAWholeKrakendConfigWithoutTheBlock() {
        Configs.assertProblem(json("{'version': 3, 'extra_config': {'telemetry/logging': {}}}"),
                "extra_config has no \"telemetry/opencensus\" block; add it with at least exporters.xray, or give the block itself");
    }

    @Test
    void rejectsAWholeKrakendConfigWithAMisspelledBlockName() {
        Configs.assertRejected(json("{'version': 3, 'extra_config': {'telemetry/opencencus': {}}}"),
                "extra_config has no \"telemetry/opencensus\" block (found \"telemetry/opencencus\": a typo?)");
    }

    @Test
    void rejectsAWholeKrakendConfigWithoutExtraConfig() {
        Configs.assertRejected(json("{'version': 3, 'endpoints': []}"),
                "this looks like a whole KrakenD configuration but it has no extra_config");
    }

    @Test
    void rejectsABlockThatIsNotAnObject() {
        Configs.assertRejected(json("{'extra_config': {'telemetry/opencensus': true}}"),
                "extra_config[\"telemetry/opencensus\"] is true, must be an object");
    }

    @Test
    void rejectsExtraConfigThatIsNotAnObject() {
        Configs.assertRejected(json("{'extra_config': []}"), "extra_config is an array, must be an object");
    }

    @Test
    void validatesTheBlockOfAWholeKrakendConfig() {
        Configs.assertRejected(json("{'extra_config': {'telemetry/opencensus': {'sample_rate': 101,"
                + " 'exporters': {'xray': {" + XRAY + "}}}}}"), "sample_rate is 101,");
    }

    @Test
    void toStringShowsNoCredential() throws ConfigException {
        String shown = load(MINIMAL).toString();
        assertFalse(shown.contains(SECRET) || shown.contains(ACCESS_KEY), shown);
    }
}
