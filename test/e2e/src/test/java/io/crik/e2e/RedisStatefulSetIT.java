package io.crik.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.crik.node.LocalContainer;
import io.crik.node.LocalNode;
import io.crik.runc.ExecResult;
import org.junit.jupiter.api.Test;

/**
 * The Redis StatefulSet of examples/demo/redis-statefulset.yaml, opted in through its namespace:
 * data written before the node loss is there after the restore, in a pod of the same name.
 */
class RedisStatefulSetIT extends ScenarioTest {

    private static final String FILL = "for i = 1, 1000 do redis.call('SET', 'key:' .. i, 'value:' .. i) end"
            + " redis.call('INCRBY', 'visits', 5) return redis.call('DBSIZE')";

    @Test
    void dataSurvivesNodeLoss() {
        StatefulSetController statefulSet = new StatefulSetController(Examples.statefulSet(Examples.REDIS_STATEFULSET));
        LocalNode nodeA = cluster.addNode("redis-a");
        PodRun first = cluster.create(nodeA, statefulSet.pod(0), StatefulSetController.USER);
        LocalContainer redisA = first.container("redis");
        redisA.stdout().awaitLine(line -> line.contains("Ready to accept connections"), TIMEOUT);

        assertThat(first.admission().request().getMetadata().getAnnotations()).doesNotContainKey("crik.io/enabled");
        assertThat(first.admission().mutated().getMetadata().getAnnotations()).containsKey("crik.io/injected");
        assertThat(redisCli(redisA, "EVAL", FILL, "0")).isEqualTo("1001");
        redisA.stdout().awaitLine(line -> line.contains("DB 0: 1001 keys"), TIMEOUT);

        cluster.shutDown(nodeA);

        assertThat(exitCode(first.pod(), "redis")).isEqualTo(75);
        LocalNode nodeB = cluster.addNode("redis-b");
        PodRun second = cluster.create(nodeB, statefulSet.pod(0), StatefulSetController.USER);
        LocalContainer redisB = second.container("redis");

        assertThat(second.name()).isEqualTo("cache-0").isEqualTo(first.name());
        assertThat(wrapperLine(redisB, "restored ")).contains("key=statefulset/cache-0/redis");
        assertThat(redisCli(redisB, "DBSIZE")).isEqualTo("1001");
        assertThat(redisCli(redisB, "GET", "key:500")).isEqualTo("value:500");
        assertThat(redisCli(redisB, "INCR", "visits")).isEqualTo("6");
        redisB.stdout().awaitLine(line -> line.contains("DB 0: 1001 keys"), TIMEOUT);
        assertThat(redisB.stdout().lines()).noneMatch(line -> line.contains("Ready to accept connections"));
    }

    private static String redisCli(LocalContainer container, String... command) {
        String[] full = new String[command.length + 1];
        full[0] = "redis-cli";
        System.arraycopy(command, 0, full, 1, command.length);
        ExecResult result = container.exec(TIMEOUT, full);
        assertThat(result.exitCode()).as(result.toString()).isZero();
        return result.stdout().strip();
    }
}
