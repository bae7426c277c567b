using System.Collections;
using Manager.Actors.Common;
using Manager.Actors.Tasks;

namespace Manager.Tests.Tasks;

/// <summary>A worker's tags are matched against a task's through a set: O(tags), not O(tags²).</summary>
public class TagMatchingTests
{
    /// <summary>A tag list that counts how often its items are read.</summary>
    private sealed class CountingTags(IReadOnlyList<string> tags) : IReadOnlyList<string>
    {
        public long Reads { get; private set; }
        public int Count => tags.Count;

        public string this[int index]
        {
            get
            {
                Reads++;
                return tags[index];
            }
        }

        public IEnumerator<string> GetEnumerator()
        {
            foreach (var tag in tags)
            {
                Reads++;
                yield return tag;
            }
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }

    private static string[] Tags(string prefix, int count) => [.. Enumerable.Range(0, count).Select(i => $"{prefix}{i}")];

    [Fact]
    public void A_worker_with_20000_tags_is_matched_against_many_shelves_reading_its_tags_once()
    {
        var farm = new RulesDriver();
        // 200 shelves of 32 tags each, every one of them present on the worker, plus one it lacks a tag of.
        for (var shelf = 0; shelf < 200; shelf++)
            farm.Submitted(RulesDriver.Exec(tags: Tags($"t{shelf}-", 32)));
        var unreachable = farm.Submitted(RulesDriver.Exec(priority: 10, tags: [.. Tags("t0-", 31), "missing"]));
        var workerTags = new CountingTags([.. Enumerable.Range(0, 200).SelectMany(shelf => Tags($"t{shelf}-", 100))]);
        Assert.Equal(20_000, workerTags.Count);
        var worker = RulesDriver.Worker(1, tags: workerTags);

        var first = farm.Claimed(worker);
        var readsForFirstClaim = workerTags.Reads;
        var second = farm.Claimed(worker);

        Assert.NotNull(first);
        Assert.NotNull(second);
        Assert.NotEqual(unreachable.Id, first);
        Assert.NotEqual(unreachable.Id, second);
        // Quadratic matching read the worker's tags once per required tag per shelf: 200 × 32 × up to 20,000.
        Assert.InRange(readsForFirstClaim, 1, 2 * workerTags.Count);
        Assert.Equal(readsForFirstClaim, workerTags.Reads); // the set of this list is made once
    }

    [Theory]
    [InlineData(3)]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(500)]
    public void ContainsAll_is_true_exactly_when_every_required_tag_is_present(int available)
    {
        var tags = Tags("tag", available);

        Assert.True(TagSets.ContainsAll(tags, []));
        Assert.True(TagSets.ContainsAll(tags, [tags[0], tags[^1], tags[0]]));
        Assert.False(TagSets.ContainsAll(tags, [tags[0], "other"]));
        Assert.False(TagSets.ContainsAll(tags, [tags[0].ToUpperInvariant()])); // tags are case-sensitive
        Assert.False(TagSets.ContainsAll([], [tags[0]]));
    }

    [Fact]
    public void No_eligible_worker_reason_matches_tags_through_sets_too()
    {
        var farm = new RulesDriver();
        var task = farm.Submitted(RulesDriver.Exec(tags: ["gpu", "linux"]));
        WorkerCapabilities Known(long id, params string[] tags) => new(id, $"render-{id}", [], tags, Enabled: false);

        var reason = Scheduling.NoEligibleWorkerReason(task, (_, _) => 0, [Known(1, [.. Tags("x", 50), "linux", "gpu"]), Known(2, "gpu")], 3);

        Assert.Equal("no eligible worker left: worker 1 is disabled", reason);
    }
}
