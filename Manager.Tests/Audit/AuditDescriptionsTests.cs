using Manager.Actors.Audit;
using Manager.Actors.Serialization;
using Manager.Actors.Tasks;
using Manager.Tests.Serialization;

namespace Manager.Tests.Audit;

public class AuditDescriptionsTests
{
    public static TheoryData<string> Manifests() => new(PersistedManifests.ByType.Values);

    /// <summary>The tagger and the reader agree: an event is tagged exactly when the audit can describe it.</summary>
    [Theory]
    [MemberData(nameof(Manifests))]
    public void An_event_is_tagged_exactly_when_the_audit_describes_it(string manifest)
    {
        var e = ManagerSerializerTests.Samples[PersistedManifests.ByName[manifest]]();
        Assert.Equal(AuditDescriptions.IsAudited(e), AuditDescriptions.Describe(1, e, "worker-17") is not null);
    }

    [Fact]
    public void Operator_and_submitter_actions_are_audited_and_worker_facts_are_not()
    {
        Assert.True(AuditDescriptions.IsAudited(ManagerSerializerTests.Samples[typeof(TaskStatusChangedByOperator)]()));
        // Submissions are shown by the task itself (submitted_by, history): tagging them costs the journal its batching.
        Assert.False(AuditDescriptions.IsAudited(ManagerSerializerTests.Samples[typeof(TaskSubmitted)]()));
        Assert.False(AuditDescriptions.IsAudited(ManagerSerializerTests.Samples[typeof(TaskAssigned)]()));
        Assert.False(AuditDescriptions.IsAudited(ManagerSerializerTests.Samples[typeof(TaskCompleted)]()));
    }

    [Fact]
    public void A_worker_switch_names_its_worker_from_the_persistence_id()
    {
        var entry = AuditDescriptions.Describe(42, new Manager.Actors.Workers.WorkerEnabledChanged(false, DateTimeOffset.UnixEpoch, "alice"), "worker-17");
        Assert.Equal(new AuditEntry(42, DateTimeOffset.UnixEpoch, "alice", "worker.disable", "worker/17", null), entry);
    }

    [Fact]
    public void The_tagger_tags_audited_events_and_passes_the_others_unchanged()
    {
        var tagger = new AuditTagger();
        var canceled = ManagerSerializerTests.Samples[typeof(TaskStatusChangedByOperator)]();
        var assigned = ManagerSerializerTests.Samples[typeof(TaskAssigned)]();

        var tagged = Assert.IsType<Akka.Persistence.Journal.Tagged>(tagger.ToJournal(canceled));
        Assert.Equal([AuditDescriptions.Tag], tagged.Tags);
        Assert.Same(canceled, tagged.Payload);
        Assert.Same(assigned, tagger.ToJournal(assigned));
    }
}
