package io.telemetryagent.instrument.awssdk2;

import io.telemetryagent.instrument.LibraryMethod;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads what a call records from the AWS SDK v2's own objects, by reflection from the agent's
 * class loader: the execution attributes (service, operation, region), the request's fields by
 * their model names ({@code SdkRequest.getValueForField}, public since 2.0) and the answer's
 * headers. Lookups are made once per class; every value read may be null.
 */
final class SdkFacts {

    private SdkFacts() {}

    static final LibraryMethod REQUEST = new LibraryMethod("request");
    static final LibraryMethod HTTP_REQUEST = new LibraryMethod("httpRequest");
    static final LibraryMethod HTTP_RESPONSE = new LibraryMethod("httpResponse");
    static final LibraryMethod EXCEPTION = new LibraryMethod("exception");
    static final LibraryMethod STATUS_CODE = new LibraryMethod("statusCode");
    static final LibraryMethod REQUEST_ID = new LibraryMethod("requestId");
    static final LibraryMethod EXTENDED_REQUEST_ID = new LibraryMethod("extendedRequestId");
    static final LibraryMethod IS_THROTTLING = new LibraryMethod("isThrottlingException");
    static final LibraryMethod FIRST_HEADER = new LibraryMethod("firstMatchingHeader", String.class);
    static final LibraryMethod TO_BUILDER = new LibraryMethod("toBuilder");
    static final LibraryMethod PUT_HEADER = new LibraryMethod("putHeader", String.class, String.class);
    static final LibraryMethod BUILD = new LibraryMethod("build");
    static final LibraryMethod HEADERS = new LibraryMethod("headers");
    static final LibraryMethod EXECUTION_ATTRIBUTES = new LibraryMethod("executionAttributes");
    private static final LibraryMethod VALUE_FOR_FIELD = new LibraryMethod("getValueForField", String.class, Class.class);
    private static final LibraryMethod REGION_ID = new LibraryMethod("id");

    /** Request members (model names) and the X-Ray {@code aws} fields they become. */
    private static final String[] RESOURCE_FIELDS = {
        "TableName", "table_name",
        "QueueUrl", "queue_url",
        "QueueName", "queue_name",
        "Bucket", "bucket_name",
        "FunctionName", "function_name",
        "TopicArn", "topic_arn",
        "StreamName", "stream_name",
    };

    /** ExecutionAttributes.getAttribute and the attribute keys, per class of ExecutionAttributes. */
    private static final ClassValue<Attributes> ATTRIBUTES = new ClassValue<Attributes>() {
        @Override
        protected Attributes computeValue(Class<?> type) {
            return Attributes.of(type);
        }
    };

    /** InterceptorContext.Builder.httpRequest(SdkHttpRequest), per builder class. */
    private static final ClassValue<Method> SET_HTTP_REQUEST = new ClassValue<Method>() {
        @Override
        protected Method computeValue(Class<?> type) {
            return publicMethod(type, "httpRequest", 1);
        }
    };

    /** The execution attribute keys of one SDK (one class loader). */
    static final class Attributes {
        final Method getAttribute;
        final Object serviceName;
        final Object operationName;
        /** Null for a client that is not an AWS service's (sdk-core without aws-core). */
        final Object region;

        private Attributes(Method getAttribute, Object serviceName, Object operationName, Object region) {
            this.getAttribute = getAttribute;
            this.serviceName = serviceName;
            this.operationName = operationName;
            this.region = region;
        }

        static Attributes of(Class<?> attributesClass) {
            ClassLoader loader = attributesClass.getClassLoader();
            try {
                Class<?> sdk = Class.forName("software.amazon.awssdk.core.interceptor.SdkExecutionAttribute", false, loader);
                Class<?> key = Class.forName("software.amazon.awssdk.core.interceptor.ExecutionAttribute", false, loader);
                Object region = null;
                try {
                    Class<?> aws = Class.forName("software.amazon.awssdk.awscore.AwsExecutionAttribute", false, loader);
                    region = aws.getField("AWS_REGION").get(null);
                } catch (ReflectiveOperationException | LinkageError noAwsCore) {
                    // a client of sdk-core alone: no region
                }
                return new Attributes(attributesClass.getMethod("getAttribute", key),
                        sdk.getField("SERVICE_NAME").get(null), sdk.getField("OPERATION_NAME").get(null), region);
            } catch (ReflectiveOperationException | LinkageError e) {
                return null;
            }
        }

        Object get(Object attributes, Object key) {
            if (key == null) {
                return null;
            }
            try {
                return getAttribute.invoke(attributes, key);
            } catch (ReflectiveOperationException e) {
                return null;
            }
        }
    }

    static Attributes attributes(Object executionAttributes) {
        return executionAttributes == null ? null : ATTRIBUTES.get(executionAttributes.getClass());
    }

    static String serviceName(Attributes keys, Object executionAttributes) {
        Object name = keys == null ? null : keys.get(executionAttributes, keys.serviceName);
        return name instanceof String ? (String) name : null;
    }

    static String operationName(Attributes keys, Object executionAttributes) {
        Object name = keys == null ? null : keys.get(executionAttributes, keys.operationName);
        return name instanceof String ? (String) name : null;
    }

    static String region(Attributes keys, Object executionAttributes) {
        Object region = keys == null ? null : keys.get(executionAttributes, keys.region);
        Object id = REGION_ID.invoke(region);
        return id instanceof String ? (String) id : null;
    }

    /** The X-Ray resource fields of {@code request} as name/value pairs, or null when it has none. */
    static String[] resources(Object request) {
        List<String> found = null;
        for (int i = 0; i < RESOURCE_FIELDS.length; i += 2) {
            Object value = field(request, RESOURCE_FIELDS[i]);
            if (value instanceof String) {
                if (found == null) {
                    found = new ArrayList<>(2);
                }
                found.add(RESOURCE_FIELDS[i + 1]);
                found.add((String) value);
            }
        }
        return found == null ? null : found.toArray(new String[0]);
    }

    /** The tables a batch call names (the keys of DynamoDB's {@code RequestItems}), or null. */
    static List<String> tableNames(Object request) {
        Object items = field(request, "RequestItems");
        if (!(items instanceof Map) || ((Map<?, ?>) items).isEmpty()) {
            return null;
        }
        List<String> names = new ArrayList<>();
        for (Object key : ((Map<?, ?>) items).keySet()) {
            names.add(String.valueOf(key));
        }
        return names;
    }

    private static Object field(Object request, String member) {
        Object value = VALUE_FOR_FIELD.invoke(request, member, Object.class);
        return value instanceof Optional ? ((Optional<?>) value).orElse(null) : null;
    }

    /** The first value of header {@code name} of an SdkHttpRequest/SdkHttpResponse, or null. */
    static String header(Object message, String name) {
        Object value = FIRST_HEADER.invoke(message, name);
        return value instanceof Optional ? (String) ((Optional<?>) value).orElse(null) : null;
    }

    /** {@code builder.httpRequest(request)}: the context builder's setter takes the SDK's own type. */
    static Object setHttpRequest(Object builder, Object request) throws ReflectiveOperationException {
        Method setter = builder == null ? null : SET_HTTP_REQUEST.get(builder.getClass());
        return setter == null ? null : setter.invoke(builder, request);
    }

    private static Method publicMethod(Class<?> type, String name, int arity) {
        for (Method method : type.getMethods()) {
            if (method.getName().equals(name) && method.getParameterCount() == arity
                    && Modifier.isPublic(method.getDeclaringClass().getModifiers())) {
                return method;
            }
        }
        return null;
    }
}
