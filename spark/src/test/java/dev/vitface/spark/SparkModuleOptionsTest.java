package dev.vitface.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.spark.launcher.JavaModuleOptions;
import org.junit.jupiter.api.Test;

/** The pom's copy of Spark's JVM options (surefire's and bin/vitface-spark's) is the Spark on the class path's own. */
class SparkModuleOptionsTest {
    @Test
    void thePomListsSparksDefaultModuleOptions() {
        assertEquals(JavaModuleOptions.defaultModuleOptions(), System.getProperty("vitface.spark.module.options"),
                "update spark.module.options in spark/pom.xml to org.apache.spark.launcher.JavaModuleOptions of this Spark");
    }
}
