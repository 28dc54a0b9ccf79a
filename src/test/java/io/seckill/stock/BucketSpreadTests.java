package io.seckill.stock;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Collectors;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

import io.lettuce.core.cluster.SlotHash;

/** Where an item's buckets land on a Redis Cluster: by hash tags chosen on purpose, not by chance. */
class BucketSpreadTests {

    /** The master of a slot on a 3-master cluster made by {@code redis-cli --cluster create}. */
    private static int masterOf(String tag) {
        int slot = SlotHash.getSlot(tag);
        return slot <= 5460 ? 0 : slot <= 10922 ? 1 : 2;
    }

    @Test
    void oneBucketIsTheItemsOwnTagAsBeforeBuckets() {
        assertThat(StockPools.spread(42, 1)).containsExactly("{item:42}");
    }

    @Test
    void threeBucketsLandOnThreeMastersAndSixOnTwoEachForEveryItem() {
        LongStream.rangeClosed(1, 2_000).forEach(item -> {
            assertThat(StockPools.spread(item, 3).stream().map(BucketSpreadTests::masterOf).distinct())
                    .as("item %d", item).hasSize(3);
            assertThat(StockPools.spread(item, 6).stream().collect(Collectors.groupingBy(BucketSpreadTests::masterOf,
                    Collectors.counting())).values()).as("item %d", item).containsOnly(2L);
        });
    }

    @Test
    void bucketsAreNamedForTheirItemAndCarryDistinctTags() {
        var tags = StockPools.spread(7, 12);
        assertThat(tags).hasSize(12).doesNotHaveDuplicates().allMatch(tag -> tag.startsWith("{item:7"));
        assertThat(tags.stream().map(SlotHash::getSlot).distinct()).hasSize(12);
    }

    @Test
    void buyersSpreadEvenlyOverTheBuckets() {
        var perBucket = LongStream.rangeClosed(1, 30_000).boxed()
                .collect(Collectors.groupingBy(user -> StockPools.bucketOf(user, 3), Collectors.counting()));
        assertThat(perBucket.values()).allSatisfy(count -> assertThat(count).isBetween(9_500L, 10_500L));
    }
}
