using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Event;
using Akka.Persistence;
using Manager.Actors.Common;
using Manager.Actors.Metrics;
using Manager.Actors.Settings;
using Manager.Actors.Tasks;

namespace Manager.Actors.Workers;

/// <summary>
/// One worker. Persists only rare facts (registration, enabled/disabled); heartbeats, connection and stats
/// live in memory. Claims and heartbeats are forwarded to the <see cref="TaskDispatcher"/>, which owns the
/// assignments and answers the worker directly. When the worker goes silent past the timeout it is marked
/// offline and the dispatcher puts its task back in the queue, once the dispatcher says so (<see cref="WorkerLost"/> is
/// answered; a dispatcher that has not been available for the whole timeout gives the worker a fresh grace period instead).
/// Any request of the worker counts as contact: the HTTP layer notes each one in its node's <see cref="WorkerContacts"/>
/// (shared between the nodes of a cluster), which the proxy reads at its deadline; news (the first request on a node, a
/// new address, a request while the proxy watches for one) is also told here as <see cref="WorkerHeard"/>.
/// It owns the worker's capabilities (what it can run, in its persisted record) and sends them to the dispatcher
/// (<see cref="WorkerCapabilities"/>), which only reads them.
/// It tells the <see cref="WorkerDirectory"/> (the read model of GET /workers) whenever what that shows of the worker
/// changes; <c>last_seen</c> alone is read from the contacts (a <see cref="WorkerHeard"/> tells it only when it moved by
/// <see cref="LastSeenResolution"/> or more).
/// The two messages to the dispatcher whose loss would leave a task stuck, <see cref="WorkerLost"/> and
/// <see cref="WorkerCapabilities"/>, are re-sent every <see cref="ResendInterval"/> until the dispatcher answers them
/// (a backoff supervisor between two incarnations of the dispatcher, or a singleton moving, drops what it is sent).
/// </summary>
public sealed class WorkerProxy : ReceivePersistentActor, IWithTimers
{
    private sealed record CheckSilence
    {
        public static readonly CheckSilence Instance = new();
    }

    private sealed record Resend
    {
        public static readonly Resend Instance = new();
    }

    /// <summary>How often an unanswered <see cref="WorkerLost"/> or <see cref="WorkerCapabilities"/> is sent again.</summary>
    public static readonly TimeSpan ResendInterval = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How far <c>last_seen</c> must have moved before a <see cref="WorkerHeard"/> tells the directory of it (the directory
    /// reads the latest request from the node's <see cref="WorkerContacts"/> anyway).
    /// </summary>
    public static readonly TimeSpan LastSeenResolution = TimeSpan.FromSeconds(5);

    private readonly long _workerId;
    private readonly IActorRef _dispatcher;
    private readonly IActorRef _directory;
    private readonly CurrentSettings _settings;
    private readonly WorkerContacts _contacts;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    /// <summary>The worker as the journal holds it (registration and switch); only <see cref="Apply"/> changes it.</summary>
    private WorkerRecord? _record;

    /// <summary>What the dispatcher is told the worker can run: built from <see cref="_record"/> each time it changes.</summary>
    private WorkerCapabilities? _capabilities;

    /// <summary>Capabilities told on their own and not yet acknowledged (<see cref="CapabilitiesNoted"/>): re-sent.</summary>
    private WorkerCapabilities? _unacknowledgedCapabilities;

    /// <summary>
    /// Re-registrations answered once the dispatcher has noted the capabilities as they stood (<see cref="AnswerRegistration"/>):
    /// the worker's next poll goes straight to the dispatcher (<see cref="PollFromWorker"/>), which must not serve it with
    /// the ones before.
    /// </summary>
    private readonly List<(IActorRef Asker, ApplyRegistration Registration, long Version)> _registrationsAwaitingCapabilities = [];

    /// <summary>The loss reported and not yet answered (<see cref="WorkerLossAnswer"/>): re-sent. The worker is still
    /// online meanwhile: only the dispatcher declares it lost.</summary>
    private WorkerLost? _unansweredLoss;

    /// <summary>Numbers the losses this proxy reports, so a late answer to an abandoned one is told apart.</summary>
    private long _losses;

    /// <summary>The address the worker was last heard from (in memory): shown instead of the registered one.</summary>
    private string? _heardFrom;
    /// <summary>The last contact told here (or the start of a grace period); the node's <see cref="WorkerContacts"/> may know a later one.</summary>
    private DateTimeOffset _lastHeard = Context.System.Scheduler.Now.ToUniversalTime();
    private DateTimeOffset? _lastSeen;
    /// <summary>The <c>last_seen</c> the directory was last told (null: not told since this proxy started).</summary>
    private DateTimeOffset? _shownLastSeen;
    private bool _online = true;
    private bool _passivating;
    private long? _macAddress;
    private FrequentStats? _frequent;
    private LessFrequentStats? _lessFrequent;

    public WorkerProxy(long workerId, IActorRef dispatcher, CurrentSettings settings, WorkerContacts contacts, IActorRef directory)
    {
        _workerId = workerId;
        _dispatcher = dispatcher;
        _directory = directory;
        _settings = settings;
        _contacts = contacts;

        Recover<IWorkerEvent>(Apply);
        Recover<RecoveryCompleted>(_ =>
        {
            // A fresh grace period after every start: the worker may simply not have been heard yet.
            if (_record is null) return;
            ScheduleSilenceCheck();
            TellCapabilities();
            Show();
        });

        Command<ApplyRegistration>(Register);
        Command<WakeWorker>(_ => PassivateIfUnregistered());
        Command<ShowWorker>(_ =>
        {
            if (_record is null) _directory.Tell(new WorkerGone(_workerId));
            else Show(mayWait: true); // the directory's refresh: thousands of answers at once, batched per node
            PassivateIfUnregistered();
        });
        Command<StopWorkerProxy>(_ => Context.Stop(Self));
        Command<CheckSilence>(_ => OnSilenceCheck());
        Command<Resend>(_ => ResendUnanswered());
        Command<Outcome<WorkerLossAnswer>>(o => OnLossAnswer(o.Value!));
        Command<Outcome<CapabilitiesNoted>>(o =>
        {
            if (o.Value!.Version == _unacknowledgedCapabilities?.Version) _unacknowledgedCapabilities = null;
            AnswerRegistrationsNotedBy(o.Value.Version);
            StopResendingIfNothingLeft();
        });
        Command<WorkerHeard>(h =>
        {
            if (_record is null) PassivateIfUnregistered();
            else Heard(h.IpAddress);
        });
        Command<SettingsUpdated>(_ =>
        {
            // The timeout may have changed: move the deadline now rather than when the old timer fires.
            if (_record is not null && _online && _unansweredLoss is null) ScheduleSilenceCheck();
        });
        Command<ReportWorkerStatus>(Report);
        Command<DeregisterWorker>(Deregister);
        Command<GetWorkerView>(q => Answer(q, _record is null ? NotRegistered() : Outcome.Done(View())));
        Command<GetWorkerDetails>(q => Answer(q, _record is null
            ? NotRegistered()
            : Outcome.Done(new WorkerDetails(Shown(), _macAddress, _frequent, _lessFrequent))));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    protected override void PreStart()
    {
        base.PreStart();
        _settings.Listen(Self);
    }

    protected override void PostStop()
    {
        _settings.StopListening(Self);
        base.PostStop();
    }

    public override string PersistenceId => $"worker-{_workerId}";

    /// <summary>
    /// A proxy saves no snapshots: its recovery skips the snapshot store's query (one database round trip per proxy
    /// started: every registration, and every proxy of a node that left).
    /// </summary>
    public override Recovery Recovery => new(SnapshotSelectionCriteria.None);

    /// <param name="directory">The <see cref="WorkerDirectory"/>; none (tests of the proxy alone) tells nobody.</param>
    /// <param name="contacts">This node's table of contacts (one per node, shared with the HTTP layer and the directory).</param>
    public static Props Props(long workerId, IActorRef dispatcher, CurrentSettings settings, WorkerContacts contacts, IActorRef? directory = null)
    {
        // Plain variables only in the expression: Akka reads them by reflection, but compiles any other argument expression
        // (a `??`) into a dynamic method — one per proxy started, 50,000 of them in a large farm.
        var shownTo = directory ?? ActorRefs.Nobody;
        return Akka.Actor.Props.Create(() => new WorkerProxy(workerId, dispatcher, settings, contacts, shownTo));
    }

    private void Register(ApplyRegistration r)
    {
        var sender = Sender;
        Heard(r.IpAddress);
        if (_record is null)
        {
            var record = new WorkerRecord(_workerId, r.Hostname, r.System, r.Port, r.SupportedTypes, r.Tags, r.IpAddress,
                Enabled: true, RegisteredAt: DateTimeOffset.UtcNow);
            Persist(new WorkerRegistered(record, r.By), JournalWrites.Timed<WorkerRegistered>(JournalWrites.Worker, e =>
            {
                Apply(e);
                _log.Info("worker {0} registered as {1}", e.Worker.Hostname, _workerId);
                TellCapabilities();
                Show();
                sender.Answer(r, Outcome.Done(new RegistrationResult(View(), Created: true)));
            }));
            return;
        }

        var changed = new WorkerDetailsChanged(r.System, r.Port, r.SupportedTypes, r.Tags, r.IpAddress ?? _record.IpAddress, r.By);
        if (!WorkerTransitions.Changes(_record, changed))
        {
            AnswerRegistration(sender, r);
            return;
        }
        Persist(changed, JournalWrites.Timed<WorkerDetailsChanged>(JournalWrites.Worker, e =>
        {
            Apply(e);
            TellCapabilities();
            Show();
            AnswerRegistration(sender, r);
        }));
    }

    /// <summary>
    /// Answers a registration of a known worker at once when the dispatcher has acknowledged its capabilities, else once it
    /// has (a new worker's is answered at once: the dispatcher knows nothing of it, so its polls go through this proxy).
    /// </summary>
    private void AnswerRegistration(IActorRef asker, ApplyRegistration registration)
    {
        if (_unacknowledgedCapabilities is { } told) _registrationsAwaitingCapabilities.Add((asker, registration, told.Version));
        else AnswerRegisteredAgain(asker, registration);
    }

    private void AnswerRegistrationsNotedBy(long notedVersion)
    {
        foreach (var (asker, registration, version) in _registrationsAwaitingCapabilities)
            if (version <= notedVersion) AnswerRegisteredAgain(asker, registration);
        _registrationsAwaitingCapabilities.RemoveAll(waiting => waiting.Version <= notedVersion);
    }

    private void AnswerRegisteredAgain(IActorRef asker, ApplyRegistration registration) =>
        asker.Answer(registration, Outcome.Done(new RegistrationResult(View(), Created: false)));

    private void Deregister(DeregisterWorker d)
    {
        if (_record is null)
        {
            Answer(d, NotRegistered());
            return;
        }
        var sender = Sender;
        Persist(new WorkerDeregistered(d.By, DateTimeOffset.UtcNow), JournalWrites.Timed<WorkerDeregistered>(JournalWrites.Worker, e =>
        {
            _log.Info("worker {0} ({1}) removed by {2}", _record!.Hostname, _workerId, d.By);
            Apply(e);
            _heardFrom = null;
            _unansweredLoss = null;
            _unacknowledgedCapabilities = null;
            Timers.CancelAll();
            _contacts.Forget(_workerId);
            _directory.Tell(new WorkerGone(_workerId));
            sender.Answer(d, Outcome.Done());
            PassivateIfUnregistered();
        }));
    }

    private void Report(ReportWorkerStatus r)
    {
        if (_record is null)
        {
            Answer(r, NotRegistered());
            return;
        }

        Heard(r.IpAddress);
        _macAddress = r.MacAddress ?? _macAddress;
        _frequent = r.Frequent ?? _frequent;
        _lessFrequent = r.LessFrequent ?? _lessFrequent;

        switch (r.Status)
        {
            case WorkerReportedStatus.Available:
                _dispatcher.Forward(new ClaimTask(_capabilities!));
                break;
            case WorkerReportedStatus.Rendering:
                _dispatcher.Forward(new GetHeldTask(_workerId));
                break;
            case WorkerReportedStatus.Enabled or WorkerReportedStatus.Disabled:
                var enabled = r.Status == WorkerReportedStatus.Enabled;
                if (enabled == _record.Enabled)
                {
                    _dispatcher.Forward(new GetHeldTask(_workerId));
                    return;
                }
                var sender = Sender;
                Persist(new WorkerEnabledChanged(enabled, DateTimeOffset.UtcNow, r.By), JournalWrites.Timed<WorkerEnabledChanged>(JournalWrites.Worker, e =>
                {
                    Apply(e);
                    _log.Info("worker {0} {1}", _record!.Hostname, e.Enabled ? "enabled" : "disabled");
                    TellCapabilities();
                    Show();
                    _dispatcher.Tell(new GetHeldTask(_workerId), sender);
                }));
                break;
            default:
                _dispatcher.Forward(new GetHeldTask(_workerId));
                break;
        }
    }

    private void Heard(string? ipAddress)
    {
        _lastHeard = Context.System.Scheduler.Now.ToUniversalTime();
        _lastSeen = _lastHeard;
        var wasOnline = _online;
        if (!_online && _record is not null) _log.Info("worker {0} is back online", _record.Hostname);
        _online = true;
        if (_unansweredLoss is not null)
        {
            // Heard before the dispatcher answered: the loss is abandoned (an answer that still comes is ignored).
            _unansweredLoss = null;
            StopResendingIfNothingLeft();
        }
        var addressChanged = ipAddress is not null && ipAddress != _heardFrom;
        if (addressChanged) _heardFrom = ipAddress; // the same address: the string held stays (no garbage per poll)
        if (!Timers.IsTimerActive(nameof(CheckSilence))) ScheduleSilenceCheck();
        // News that changes nothing GET /workers shows but last_seen is told coarsely.
        if (_record is null) return;
        if (!wasOnline || addressChanged || _shownLastSeen is null) Show();
        else if (_lastHeard - _shownLastSeen >= LastSeenResolution) Show(mayWait: true);
    }

    /// <summary>
    /// One timer per worker, moved forward lazily: it fires at the deadline and re-arms if the worker was heard since.
    /// Before a silent worker is reported, its later requests are watched for (<see cref="WorkerContacts.Watch"/>): the
    /// next one, on any node, is told here at once, and one that arrived while the watch was being set counts now.
    /// </summary>
    private void OnSilenceCheck()
    {
        if (_record is null || !_online || _unansweredLoss is not null) return;
        var timeout = _settings.Value.WorkerTimeout;
        var now = Context.System.Scheduler.Now;
        var lastHeard = LastHeard();
        if (!WorkerConnection.IsSilent(lastHeard, timeout, now) || _contacts.Watch(_workerId) > lastHeard)
        {
            ScheduleSilenceCheck();
            return;
        }
        // Reported, not declared: the dispatcher decides (it may not have been there to hear the worker) and answers.
        _unansweredLoss = new WorkerLost(_workerId, $"requeued: worker {_record.Hostname} silent for {(int)timeout.TotalSeconds} s", ++_losses);
        _log.Info("worker {0} silent for {1} s: reporting it lost to the dispatcher", _record.Hostname, (int)timeout.TotalSeconds);
        SendReliably(_unansweredLoss);
    }

    private void OnLossAnswer(WorkerLossAnswer answer)
    {
        if (_record is null || _unansweredLoss is not { } loss || answer.Delivery != loss.Delivery) return; // heard since: ignored
        _unansweredLoss = null;
        StopResendingIfNothingLeft();
        var timeout = _settings.Value.WorkerTimeout;
        if (!answer.Declared)
        {
            // The dispatcher has not been available for the whole timeout: a fresh grace period, as after a restart.
            _log.Info("worker {0}: the dispatcher has been available for less than {1} s; a fresh grace period", _record.Hostname,
                (int)timeout.TotalSeconds);
            _lastHeard = Context.System.Scheduler.Now.ToUniversalTime();
            ScheduleSilenceCheck();
            return;
        }
        _online = false;
        _log.Warning("worker {0} is offline: silent for {1} s", _record.Hostname, (int)timeout.TotalSeconds);
        Show();
    }

    /// <summary>Sends a message the dispatcher answers, and keeps re-sending what is unanswered (<see cref="ResendUnanswered"/>).</summary>
    private void SendReliably(object message)
    {
        _dispatcher.Tell(message);
        if (!Timers.IsTimerActive(nameof(Resend))) Timers.StartPeriodicTimer(nameof(Resend), Resend.Instance, ResendInterval);
    }

    private void ResendUnanswered()
    {
        if (_unansweredLoss is { } loss) _dispatcher.Tell(loss);
        if (_unacknowledgedCapabilities is { } capabilities) _dispatcher.Tell(capabilities);
        StopResendingIfNothingLeft();
    }

    private void StopResendingIfNothingLeft()
    {
        if (_unansweredLoss is null && _unacknowledgedCapabilities is null) Timers.Cancel(nameof(Resend));
    }

    /// <summary>Arms the timer for the deadline (re-armed when the settings change, see <see cref="SettingsUpdated"/>).</summary>
    private void ScheduleSilenceCheck()
    {
        var untilDeadline = WorkerConnection.Deadline(LastHeard(), _settings.Value.WorkerTimeout) - Context.System.Scheduler.Now;
        Timers.StartSingleTimer(nameof(CheckSilence), CheckSilence.Instance, untilDeadline > TimeSpan.Zero ? untilDeadline : TimeSpan.Zero);
    }

    private void Apply(IWorkerEvent e)
    {
        _record = WorkerTransitions.Apply(_record, e);
        _capabilities = _record?.Capabilities() is { } capabilities ? capabilities with { Version = LastSequenceNr } : null;
    }

    /// <summary>Tells the directory the worker as GET /workers shows it now.</summary>
    /// <param name="mayWait">Nothing the directory must show at once (<see cref="WorkerShown.MayWait"/>).</param>
    private void Show(bool mayWait = false)
    {
        _shownLastSeen = _lastSeen;
        _directory.Tell(new WorkerShown(View(), mayWait));
    }

    /// <summary>The dispatcher keeps what each worker can run in memory, to tell when no eligible worker is left for a task.</summary>
    /// <remarks>Re-sent until acknowledged: a claim carries them too, but an idle worker may not claim for a while.</remarks>
    private void TellCapabilities()
    {
        _unacknowledgedCapabilities = _capabilities!;
        SendReliably(_unacknowledgedCapabilities);
    }

    /// <summary>Answers the sender; a proxy of no registered worker then goes (<see cref="PassivateIfUnregistered"/>).</summary>
    private void Answer<TValue>(IAsk<TValue> message, Outcome<TValue> outcome)
    {
        Sender.Answer(message, outcome);
        PassivateIfUnregistered();
    }

    private Refusal NotRegistered() => new Refusal.NotFound($"no worker {_workerId}");

    /// <summary>
    /// A proxy for an id nobody registered (a stale or made-up id in a request) asks its parent to stop it, so such
    /// requests do not leave one actor each behind. The parent (a shard, or <see cref="WorkerProxyParent"/>) holds
    /// what arrives meanwhile and starts a fresh proxy for it.
    /// </summary>
    private void PassivateIfUnregistered()
    {
        if (_record is not null || _passivating) return;
        _passivating = true;
        Context.Parent.Tell(new Passivate(StopWorkerProxy.Instance));
    }

    /// <summary>
    /// Activity is derived, not remembered, so it reads the same after a restart: an online worker without
    /// a task is available (the HTTP layer shows the task's activity when the dispatcher says it holds one).
    /// </summary>
    private WorkerView View() => new(Shown(), _online, _online ? "available" : null, WorkerContacts.Later(_lastSeen, _contacts.LastHeard(_workerId)));

    /// <summary>The later contact: told here, or noted in this node's table (any node's request, in a cluster).</summary>
    private DateTimeOffset LastHeard() => WorkerContacts.Later(_lastHeard, _contacts.LastHeard(_workerId))!.Value;

    /// <summary>The registered worker with the address it was last heard from (which a restart forgets until it is heard again).</summary>
    private WorkerRecord Shown() => _heardFrom is { } address && address != _record!.IpAddress ? _record with { IpAddress = address } : _record!;
}
