using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using Manager.Actors.Common;
using Manager.Actors.Events;
using Manager.Actors.Jobs;
using Manager.Actors.Metrics;
using Manager.Actors.Settings;
using Manager.Actors.Workers;

namespace Manager.Actors.Tasks;

/// <summary>
/// Owns the task queue. Each command is decided by <see cref="TaskRules"/> against the live state, the
/// events are applied at once (so the next command sees them) and written with PersistAllAsync, which lets
/// the journal batch many commands into one write; the answer goes out only when the events are durable — except a
/// holder's progress report (frame, activity, parsed error: nothing about who holds what), which is answered at once and
/// written in front of the task's next event or within <see cref="ProgressWriteInterval"/> (<see cref="UnwrittenProgress"/>).
/// When a snapshot is due (<see cref="SnapshotInterval"/>), that one decision is written with the stashing PersistAll
/// instead: once its last event is durable, every earlier write is too and no later command has run, so the live
/// state is exactly what the journal holds and is saved as the snapshot (<see cref="DispatcherStateSnapshot.Of"/>: the
/// snapshot store serializes it on its own thread while the dispatcher goes on changing the live state).
/// </summary>
public sealed class TaskDispatcher : ReceivePersistentActor, IWithTimers
{
    public const string Id = "task-dispatcher";

    /// <summary>How long an answered progress report may stay unwritten (a crash loses at most this much of it).</summary>
    public static readonly TimeSpan ProgressWriteInterval = TimeSpan.FromSeconds(1);

    private readonly CurrentSettings _settings;
    private readonly int _snapshotEvery;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private DispatcherState _live = new();
    private int _eventsSinceSnapshot;
    private long _snapshotStarted;
    private readonly AnswersAfterWrites _answers = new();
    private readonly UnwrittenProgress _unwrittenProgress = new();
    private readonly DispatcherChangeFeed _changes = new();
    private readonly Action<IFarmEvent> _publish;
    private readonly Action<FarmIdleness> _tellIdleness;

    /// <summary>Whether the last <see cref="FarmIdleness"/> told said idle: a command that makes the farm busy tells so at once.</summary>
    private bool _toldIdle;

    /// <summary>The last capabilities each worker's proxy sent (it owns them), in memory only: relearned from claims and
    /// proxies after a restart.</summary>
    private readonly Dictionary<long, WorkerCapabilities> _workers = new();

    /// <summary>Workers an operator removed since this incarnation started: capabilities their proxy re-sends late are
    /// ignored (worker ids are never reused).</summary>
    private readonly HashSet<long> _dropped = [];

    /// <summary>When this dispatcher last served each worker's <see cref="PollFromWorker"/> (the scheduler's clock): a loss its
    /// proxy reports just after is not declared (<see cref="WorkerConnection.CrossedAPoll"/>).</summary>
    private readonly Dictionary<long, DateTimeOffset> _pollsServed = new();

    /// <summary>When this incarnation recovered and began taking messages (the scheduler's clock, virtual in tests): no
    /// worker is declared lost until it has been available for worker_timeout (<see cref="WorkerConnection.MayDeclareLost"/>).</summary>
    private DateTimeOffset _availableSince = Context.System.Scheduler.Now;

    /// <param name="publish">Where the batches of changes go (<see cref="FarmEventPublishing"/>); null: this actor system's EventStream.</param>
    /// <param name="tellIdleness">Where <see cref="FarmIdleness"/> goes: every node's <see cref="IdleFarmView"/>; null: nowhere.</param>
    public TaskDispatcher(CurrentSettings settings, int snapshotEvery, Action<IFarmEvent>? publish = null, Action<FarmIdleness>? tellIdleness = null)
    {
        _settings = settings;
        _snapshotEvery = snapshotEvery;
        _publish = publish ?? FarmEventPublishing.Local(Context.System);
        _tellIdleness = tellIdleness ?? (_ => { });

        Recover<SnapshotOffer>(offer =>
        {
            _live = offer.Snapshot is DispatcherStateSnapshot snapshot
                ? snapshot.ToState()
                : throw new UnknownSnapshotException(offer.Metadata.SequenceNr, offer.Snapshot);
            _eventsSinceSnapshot = 0;
            _log.Info("task dispatcher: snapshot at sequence {0} loaded ({1} tasks); replaying the events after it",
                offer.Metadata.SequenceNr, _live.Tasks.Count);
        });
        Recover<ITaskEvent>(e =>
        {
            _live.Apply(e);
            // Counted on replay too: the next snapshot is due an interval after the last one, not after this start.
            _eventsSinceSnapshot++;
        });
        Recover<RecoveryCompleted>(_ =>
        {
            _availableSince = Context.System.Scheduler.Now;
            Timers.StartPeriodicTimer(nameof(WriteProgress), WriteProgress.Instance, ProgressWriteInterval);
            Timers.StartPeriodicTimer(nameof(PublishChanges), PublishChanges.Instance, FarmEventPublishing.Interval);
            _log.Info("task dispatcher recovered: {0} tasks, {1} claimable, {2} rendering, {3} jobs (sequence {4})",
                _live.Tasks.Count, _live.Queue.Count, _live.TaskHeldByWorker.Count, _live.Jobs.Count, LastSequenceNr);
        });

        Command<SubmitTask>(c => Execute(c, TaskRules.Submit(_live, c, _settings.Value, Now)));
        Command<WorkerCapabilities>(w =>
        {
            Note(w);
            Sender.Answer(w, Outcome.Done(new CapabilitiesNoted(w.WorkerId, w.Version)));
        });
        Command<ClaimTask>(c =>
        {
            Note(c.Worker);
            Execute(c, TaskRules.Claim(_live, c, _settings.Value, Now));
        });
        Command<PollFromWorker>(p =>
        {
            if (!_workers.TryGetValue(p.WorkerId, out var worker))
            {
                Sender.Answer(p, new Refusal.NotFound($"the dispatcher holds no capabilities of worker {p.WorkerId}; ask its proxy"));
                return;
            }
            _pollsServed[p.WorkerId] = Context.System.Scheduler.Now;
            if (p.Available) Execute(p, TaskRules.Claim(_live, new ClaimTask(worker), _settings.Value, Now));
            else Answer(p, TaskQueryAnswers.HeldBy(_live, p.WorkerId));
        });
        Command<GetHeldTask>(q => Answer(q, TaskQueryAnswers.HeldBy(_live, q.WorkerId)));
        Command<WorkerLost>(c =>
        {
            var timeout = _settings.Value.WorkerTimeout;
            var now = Context.System.Scheduler.Now;
            if (WorkerConnection.MayDeclareLost(_availableSince, timeout, now)
                && !WorkerConnection.CrossedAPoll(_pollsServed.TryGetValue(c.WorkerId, out var polled) ? polled : null, timeout, now))
                Execute(c, TaskRules.WorkerLost(_live, c, Now));
            else
                Answer(c, Outcome.Done(new WorkerLossAnswer(c.WorkerId, c.Delivery, Declared: false)));
        });
        Command<DropWorker>(c =>
        {
            _workers.Remove(c.WorkerId);
            _pollsServed.Remove(c.WorkerId);
            _dropped.Add(c.WorkerId);
            Execute(c, TaskRules.DropWorker(_live, c, Now));
        });
        Command<UpdateTaskFromWorker>(c =>
        {
            var decision = TaskRules.UpdateFromWorker(_live, c, _settings.Value, Now, _workers.Values);
            // Like CheckTaskHolder's "holds it": the holding was durable before the worker learned of it, so a report of
            // the holder that writes nothing need not wait for the writes in flight (a log stream sends one per chunk).
            if (TaskRules.IsHolderReportWithNothingToWrite(c, decision)) Sender.Answer(c, decision.Outcome);
            else Execute(c, decision);
        });
        Command<CheckTaskHolder>(q =>
        {
            // "Holds it" is answered at once: the holding was durable before the worker learned of it (its claim's answer
            // waited for the write), and a write still in flight can only end it. "Does not" waits like any query.
            var holder = TaskRules.CheckHolder(_live, q);
            if (holder.IsDone(out _)) Sender.Answer(q, holder);
            else Answer(q, holder);
        });
        Command<WriteProgress>(_ => WriteAllUnwrittenProgress());
        Command<PublishChanges>(_ =>
        {
            if (_changes.Take(_live, _settings.Value, Now) is { } batch) _publish(batch);
            _toldIdle = FarmIdleness.Of(_live);
            _tellIdleness(_toldIdle ? FarmIdleness.IdleNow : FarmIdleness.Busy);
        });
        Command<GetFarmCounts>(q => Answer(q, Outcome.Done(_changes.Counts(_live, Now))));
        Command<WriteUnwrittenProgress>(c =>
        {
            WriteAllUnwrittenProgress();
            Answer(c, Outcome.Done());
        });
        Command<UpdateTaskFromOperator>(c => Execute(c, TaskRules.UpdateFromOperator(_live, c, _settings.Value, Now)));
        Command<DeleteTask>(c => Execute(c, TaskRules.Delete(_live, c, Now)));
        Command<ClearWorkerBlocklist>(c => Execute(c, TaskRules.ClearBlocklist(_live, c, Now)));
        Command<GetTask>(q => Answer(q, TaskQueryAnswers.TaskById(_live, q.TaskId)));
        Command<ListTasks>(q => Answer(q, Outcome.Done(TaskQueryAnswers.List(_live, q))));
        Command<SubmitJob>(c => Execute(c, JobRules.Submit(_live, c, _settings.Value, Now)));
        Command<UpdateJob>(c => Execute(c, JobRules.Update(_live, c, Now)));
        Command<DeleteJob>(c => Execute(c, JobRules.Delete(_live, c, Now)));
        Command<GetJob>(q => Answer(q, JobQueryAnswers.JobById(_live, q.JobId, _settings.Value.JobFailPercent)));
        Command<ListJobs>(q => Answer(q, Outcome.Done(JobQueryAnswers.List(_live, q, _settings.Value.JobFailPercent))));
        Command<ListJobTasks>(q => Answer(q, JobQueryAnswers.Tasks(_live, q)));
        Command<GetWorkerAssignments>(q => Answer(q, Outcome.Done(
            TaskQueryAnswers.Assignments(_live, q.WorkerIds, _settings.Value.BlocklistThreshold))));
        Command<SaveSnapshotSuccess>(s =>
        {
            _log.Info("dispatcher snapshot at sequence {0} saved in {1:F0} ms", s.Metadata.SequenceNr,
                System.Diagnostics.Stopwatch.GetElapsedTime(_snapshotStarted).TotalMilliseconds);
            DeleteSnapshots(new SnapshotSelectionCriteria(s.Metadata.SequenceNr - 1));
        });
        Command<SaveSnapshotFailure>(f => _log.Warning(f.Cause, "saving the dispatcher snapshot failed; recovery will replay more events"));
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(f => _log.Warning(f.Cause, "deleting old dispatcher snapshots failed"));
    }

    public override string PersistenceId => Id;

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(CurrentSettings settings, int snapshotEvery, Action<IFarmEvent>? publish = null,
        Action<FarmIdleness>? tellIdleness = null) =>
        Akka.Actor.Props.Create(() => new TaskDispatcher(settings, snapshotEvery, publish, tellIdleness));

    private static DateTimeOffset Now => DateTimeOffset.UtcNow;

    /// <summary>Keeps the newest capabilities of a worker: a re-sent or late copy of older ones, or of a removed worker, changes nothing.</summary>
    private void Note(WorkerCapabilities w)
    {
        if (_dropped.Contains(w.WorkerId)) return;
        if (!_workers.TryGetValue(w.WorkerId, out var known) || known.Version <= w.Version) _workers[w.WorkerId] = w;
    }

    /// <summary>
    /// Events between snapshots: the configured minimum, or half the number of tasks when that is more. A snapshot
    /// holds every task, so this keeps its cost per event bounded (at most two tasks written per event) while
    /// recovery still replays at most that many events after it.
    /// </summary>
    public static int SnapshotInterval(int snapshotEvery, int taskCount) => Math.Max(snapshotEvery, taskCount / 2);

    /// <summary>A query's answer, sent once every write issued before it is durable (it may read their effects).</summary>
    private void Answer<TValue>(IAsk<TValue> query, Outcome<TValue> outcome) => _answers.AfterWritesIssuedSoFar(Sender, outcome);

    /// <summary>Applies the decision's events, writes them, and answers once they are durable. The command's declared
    /// answer and the rule's must agree (<typeparamref name="TValue"/>).</summary>
    private void Execute<TValue>(IAsk<TValue> command, Decision<TValue> decision)
    {
        if (decision.Events.Count == 0)
        {
            Answer(command, decision.Outcome);
            return;
        }

        // The decision's events, and the job status changes that follow from them, are applied and written together.
        var events = JobFollowUps.ApplyWithFollowUps(_live, decision.Events, _settings.Value, Now);
        _changes.Note(events, _live);
        if (_toldIdle && !FarmIdleness.Of(_live))
        {
            // Before the write, so this node's view is busy before the command is answered (another node's, as soon as
            // pub-sub brings the notice there).
            _toldIdle = false;
            _tellIdleness(FarmIdleness.Busy);
        }
        if (UnwrittenProgress.IsProgressOnly(events))
        {
            for (var i = 0; i < events.Count; i++) _unwrittenProgress.Add((TaskProgressed)events[i]);
            Sender.Answer(command, decision.Outcome);
            return;
        }
        var sender = Sender;
        Write(_unwrittenProgress.InFrontOf(events), () => sender.Answer(command, decision.Outcome));
    }

    private void WriteAllUnwrittenProgress()
    {
        if (_unwrittenProgress.Count > 0) Write(_unwrittenProgress.TakeAll(), onDurable: null);
    }

    /// <summary>Writes events already applied to the live state; <paramref name="onDurable"/> runs once the last is durable.</summary>
    private void Write(IReadOnlyList<ITaskEvent> events, Action? onDurable)
    {
        var write = _answers.WriteIssued();
        var started = JournalWrites.Start();
        var remaining = events.Count;
        _eventsSinceSnapshot += remaining;
        if (_eventsSinceSnapshot < SnapshotInterval(_snapshotEvery, _live.Tasks.Count))
        {
            PersistAllAsync(events, _ =>
            {
                if (--remaining > 0) return;
                JournalWrites.Durable(JournalWrites.Dispatcher, started);
                onDurable?.Invoke();
                _answers.WriteDurable(write);
            });
            return;
        }

        _eventsSinceSnapshot = 0;
        PersistAll(events, _ =>
        {
            if (--remaining > 0) return;
            JournalWrites.Durable(JournalWrites.Dispatcher, started);
            _snapshotStarted = System.Diagnostics.Stopwatch.GetTimestamp();
            SaveSnapshot(DispatcherStateSnapshot.Of(_live));
            onDurable?.Invoke();
            _answers.WriteDurable(write);
        });
    }

    private sealed class WriteProgress
    {
        public static readonly WriteProgress Instance = new();
    }

    /// <summary>Time for the next batch of changes (<see cref="DispatcherChangeFeed"/>).</summary>
    private sealed class PublishChanges
    {
        public static readonly PublishChanges Instance = new();
    }
}
