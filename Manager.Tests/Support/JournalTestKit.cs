using Akka.Actor;

namespace Manager.Tests.Support;

/// <summary>A TestKit whose actor system keeps its journal and snapshots in its own SQLite file, deleted afterwards.</summary>
public abstract class JournalTestKit : Akka.TestKit.Xunit2.TestKit
{
    protected static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    /// <param name="hocon">Configuration in front of the journal's (e.g. the TestKit's virtual-time scheduler).</param>
    protected JournalTestKit(string name, string? hocon = null) : this(new TempDirectory(name), hocon)
    {
    }

    private JournalTestKit(TempDirectory directory, string? hocon)
        : base(Akka.Configuration.ConfigurationFactory.ParseString(hocon ?? "").WithFallback(TestJournal.SqliteAt(directory.File("journal.db"))))
    {
        JournalFile = directory.File("journal.db");
        _directory = directory;
    }

    private readonly TempDirectory _directory;

    protected string JournalFile { get; }

    /// <summary>Stops the actor (after what it is writing) and waits until it is gone, so a new incarnation recovers all of it.</summary>
    protected async Task StopAndWait(IActorRef actor)
    {
        Watch(actor);
        actor.Tell(PoisonPill.Instance);
        await ExpectTerminatedAsync(actor, Bound);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing) _directory.Dispose();
    }
}
