package io.telemetryagent.instrument.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JdbcUrlsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "jdbc:postgresql://db.example.com:5432/orders?user=app&password=s3cret&ssl=true | jdbc:postgresql://db.example.com:5432/orders",
            "jdbc:postgresql://app:s3cret@db.example.com/orders                         | jdbc:postgresql://db.example.com/orders",
            "jdbc:mysql://app:p@ss/w@rd@db.example.com:3306/orders                      | jdbc:mysql://db.example.com:3306/orders",
            "jdbc:h2:mem:orders;DB_CLOSE_DELAY=-1;PASSWORD=s3cret                       | jdbc:h2:mem:orders",
            "jdbc:hsqldb:mem:orders;user=SA;password=s3cret                             | jdbc:hsqldb:mem:orders",
            "jdbc:sqlserver://db.example.com:1433;databaseName=orders;password=s3cret   | jdbc:sqlserver://db.example.com:1433",
            "jdbc:oracle:thin:scott/s3cret@db.example.com:1521:ORCL                     | jdbc:oracle:thin:@db.example.com:1521:ORCL",
            "jdbc:oracle:thin:scott/s3cret@//db.example.com:1521/orders                 | jdbc:oracle:thin:@//db.example.com:1521/orders",
            "jdbc:oracle:thin:@//db.example.com:1521/orders                             | jdbc:oracle:thin:@//db.example.com:1521/orders",
            "jdbc:mysql://address=(host=db.example.com)(password=s3cret)/orders         | jdbc:mysql://address",
    })
    void dropsCredentialsAndParameters(String url, String expected) {
        assertEquals(expected, JdbcUrls.sanitize(url));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "jdbc:postgresql://db.example.com:5432/orders       | db.example.com",
            "jdbc:postgresql://127.0.0.1/orders                 | 127.0.0.1",
            "jdbc:postgresql://[::1]:5432/orders                | ::1",
            "jdbc:mysql://db1.example.com,db2.example.com/orders | db1.example.com",
            "jdbc:sqlserver://db.example.com\\\\sales:1433      | db.example.com",
            "jdbc:oracle:thin:@db.example.com:1521:ORCL         | db.example.com",
            "jdbc:oracle:thin:@//db.example.com:1521/orders     | db.example.com",
            "jdbc:h2:tcp://localhost:9092/mem:orders            | localhost",
    })
    void findsTheHost(String url, String host) {
        assertEquals(host, JdbcUrls.host(url));
    }

    @ParameterizedTest
    @CsvSource({"jdbc:h2:mem:orders", "jdbc:hsqldb:mem:orders", "jdbc:postgresql:orders", "jdbc:h2:./data/orders"})
    void anEmbeddedDatabaseHasNoHost(String url) {
        assertNull(JdbcUrls.host(url));
        assertEquals(url.substring(url.lastIndexOf(':') + 1).replace("./data/", "") + "", ConnectionFacts.name(
                url.substring(url.lastIndexOf(':') + 1).replace("./data/", ""), JdbcUrls.host(url)));
    }
}
