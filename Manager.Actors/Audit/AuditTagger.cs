using System.Collections.Immutable;
using Akka.Persistence.Journal;

namespace Manager.Actors.Audit;

/// <summary>
/// The journal's write adapter (bound in hocon/manager.hocon): tags the events that are operator and submitter actions
/// (<see cref="AuditDescriptions.IsAudited"/>) so GET /audit reads them by tag; every other event passes unchanged.
/// </summary>
public sealed class AuditTagger : IWriteEventAdapter
{
    private static readonly IImmutableSet<string> Tags = ImmutableHashSet.Create(AuditDescriptions.Tag);

    public string Manifest(object evt) => string.Empty;

    public object ToJournal(object evt) => AuditDescriptions.IsAudited(evt) ? new Tagged(evt, Tags) : evt;
}
