using Akka.Actor;

namespace Manager.Tests.Support;

/// <summary>A TestKit whose actor system keeps its journal and snapshots in its own SQLite file, deleted afterwards.</summary>
public abstract class JournalTestKit : Akka.TestKit.Xunit2.TestKit
{
    protected static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    protected JournalTestKit(string name) : this(new TempDirectory(name))
    {
    }

    private JournalTestKit(TempDirectory directory) : base(TestJournal.SqliteAt(directory.File("journal.db")))
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
