package io.telemetryagent.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The line for "no credentials": the AWS SDK's default chain (2.59.1) says why each of its sources
 * gave nothing, in one long message (the messages below are the SDK's own, captured here); the line
 * keeps what the user must act on, first, and fits the exporter's 800 characters.
 */
class XRayCredentialsTest {

    private static final String CHAIN = "Unable to load credentials from any of the providers in the chain"
            + " AwsCredentialsProviderChain(credentialsProviders=[SystemPropertyCredentialsProvider(),"
            + " EnvironmentVariableCredentialsProvider(), WebIdentityTokenFileCredentialsProvider(),"
            + " ProfileCredentialsProvider(profileName=sso-legacy), ContainerCredentialsProvider(),"
            + " InstanceProfileCredentialsProvider()]) : [";
    private static final String SYSTEM_PROPERTIES_UNSET = "SystemPropertyCredentialsProvider(): Unable to load credentials"
            + " from system settings. Access key must be specified either via environment variable (AWS_ACCESS_KEY_ID) or"
            + " system property (aws.accessKeyId).";
    private static final String ENVIRONMENT_UNSET = "EnvironmentVariableCredentialsProvider(): Unable to load credentials"
            + " from system settings. Access key must be specified either via environment variable (AWS_ACCESS_KEY_ID) or"
            + " system property (aws.accessKeyId).";
    private static final String WEB_IDENTITY_UNSET = "WebIdentityTokenFileCredentialsProvider(): Either the environment"
            + " variable AWS_WEB_IDENTITY_TOKEN_FILE or the javaproperty aws.webIdentityTokenFile must be set.";
    private static final String CONTAINER_UNSET = "ContainerCredentialsProvider(): Cannot fetch credentials from container"
            + " - neither AWS_CONTAINER_CREDENTIALS_FULL_URI or AWS_CONTAINER_CREDENTIALS_RELATIVE_URI environment"
            + " variables are set.";
    private static final String IMDS_DISABLED = "InstanceProfileCredentialsProvider(): IMDS credentials have been disabled"
            + " by environment variable or system property.";
    private static final String SSO_EXPIRED = "The SSO session associated with this profile has expired or is otherwise"
            + " invalid. To refresh this SSO session run aws sso login with the corresponding profile.";

    private static RuntimeException chain(String... reasons) {
        return new RuntimeException(CHAIN + String.join(", ", reasons) + "]");
    }

    @Test
    void anExpiredSsoLoginIsTheReasonGivenAndTheLineFits() {
        // The profile provider describes its profile file three parentheses deep.
        RuntimeException e = chain(SYSTEM_PROPERTIES_UNSET, ENVIRONMENT_UNSET, WEB_IDENTITY_UNSET,
                "ProfileCredentialsProvider(profileName=sso-legacy, profileFile=ProfileFile(sections=[profiles, sso-session,"
                        + " services], profiles=[Profile(name=sso-legacy, properties=[sso_start_url, sso_region, sso_account_id,"
                        + " sso_role_name])])): " + SSO_EXPIRED, CONTAINER_UNSET, IMDS_DISABLED);

        String reasons = XRayCredentials.sdkReasons(e);
        String line = new ExportLog().clean(XRayCredentials.noCredentials(reasons)
                + "; segments are lost and counted until then");

        assertEquals("Profile: " + SSO_EXPIRED, reasons);
        assertTrue(line.startsWith("no AWS credentials for X-Ray: Profile: " + SSO_EXPIRED + "; the AWS SDK's default chain tried"),
                line);
        assertTrue(line.endsWith("EC2 instance metadata (IMDSv2); set one up (README: Pointing it at real AWS);"
                + " segments are lost and counted until then"), "not cut short: " + line);
    }

    @Test
    void withNothingSetUpTheLineListsEverySource() {
        RuntimeException e = chain(SYSTEM_PROPERTIES_UNSET, ENVIRONMENT_UNSET, WEB_IDENTITY_UNSET,
                "ProfileCredentialsProvider(profileName=default): Profile file contained no credentials for profile"
                        + " 'default': ProfileFile(sections=[])", CONTAINER_UNSET, IMDS_DISABLED);

        assertEquals("", XRayCredentials.sdkReasons(e));
        assertEquals("no AWS credentials for X-Ray: the AWS SDK's default chain tried " + XRayCredentials.SOURCES
                + ", and none is set up; set one up (README: Pointing it at real AWS)", XRayCredentials.noCredentials(""));
    }

    @Test
    void aSourceHalfSetUpAndAProfileThatIsNotThereAreSaid() {
        RuntimeException e = chain(SYSTEM_PROPERTIES_UNSET, "EnvironmentVariableCredentialsProvider(): Unable to load"
                        + " credentials from system settings. Secret key must be specified either via environment variable"
                        + " (AWS_SECRET_ACCESS_KEY) or system property (aws.secretAccessKey).", WEB_IDENTITY_UNSET,
                "ProfileCredentialsProvider(profileName=nosuch): Profile file contained no credentials for profile 'nosuch':"
                        + " ProfileFile(sections=[])", CONTAINER_UNSET, IMDS_DISABLED);

        assertEquals("EnvironmentVariable: Unable to load credentials from system settings. Secret key must be specified"
                + " either via environment variable (AWS_SECRET_ACCESS_KEY) or system property (aws.secretAccessKey).;"
                + " Profile: Profile file contained no credentials for profile 'nosuch'", XRayCredentials.sdkReasons(e));
    }

    @Test
    void aMessageThatIsNotTheChainsIsKeptAsItIs() {
        assertEquals("Unable to contact the container endpoint", XRayCredentials.sdkReasons(
                new RuntimeException("Unable to contact the container endpoint")));
    }
}
