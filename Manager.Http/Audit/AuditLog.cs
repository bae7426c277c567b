using Akka.Actor;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using Manager.Actors.Audit;

namespace Manager.Http.Audit;

/// <summary>
/// GET /audit's reader: the journal's events tagged <see cref="AuditDescriptions.Tag"/>, in journal order, through
/// Akka.Persistence.Query. Every node reads the same journal, so every node shows the same audit.
/// </summary>
public sealed class AuditLog(ActorSystem system)
{
    private readonly Lazy<(SqlReadJournal Journal, IMaterializer Materializer)> _query = new(() => (
        PersistenceQuery.Get(system).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier),
        system.Materializer()));

    /// <summary>Up to <paramref name="limit"/> entries with ids above <paramref name="after"/>, ascending.</summary>
    public async Task<IReadOnlyList<AuditEntry>> PageAsync(long after, int limit, CancellationToken ct)
    {
        var (journal, materializer) = _query.Value;
        var envelopes = await journal.CurrentEventsByTag(AuditDescriptions.Tag, Offset.Sequence(after))
            .Take(limit)
            .RunWith(Sink.Seq<EventEnvelope>(), materializer)
            .WaitAsync(ct);
        return envelopes
            .Select(e => AuditDescriptions.Describe(((Sequence)e.Offset).Value, e.Event, e.PersistenceId))
            .OfType<AuditEntry>()
            .ToList();
    }
}
