using Akka.Actor;
using Akka.Persistence;
using Manager.Actors.Common;
using Manager.Actors.Metrics;
using Manager.Rules;

namespace Manager.Actors.Workers;

/// <summary>
/// Host name → worker id, so registering the same host again finds the same worker. Allocates ids
/// (they only grow) and, after a restart, wakes every worker's proxy so each starts its grace period.
/// </summary>
public sealed class WorkerRegistry : ReceivePersistentActor
{
    public const string Id = "worker-registry";
    private readonly IActorRef _workers;
    private readonly Dictionary<string, long> _idByHostname = new();
    private long _lastId;

    public WorkerRegistry(IActorRef workers)
    {
        _workers = workers;
        Recover<WorkerIdAllocated>(Apply);
        Recover<HostnameReleased>(Apply);
        Recover<RecoveryCompleted>(_ =>
        {
            foreach (var id in _idByHostname.Values) _workers.Tell(new WakeWorker(id));
        });

        Command<RegisterWorker>(r => WithId(r.Hostname, r.By, (id, sender) => _workers.Tell(Registration(id, r), sender)));
        Command<ReserveWorkerId>(r => WithId(r.Hostname, r.By, (id, sender) => sender.Answer(r, Outcome.Done(id))));
        Command<ListWorkerIds>(q => Sender.Answer(q, Outcome.Done<IReadOnlyList<long>>(_idByHostname.Values.Order().ToList())));
        Command<FindWorker>(q => Sender.Answer(q, Outcome.Done(
            _idByHostname.TryGetValue(Hostnames.Key(q.Hostname), out var id) ? id : (long?)null)));
        Command<ReleaseHostname>(r =>
        {
            var hostname = _idByHostname.FirstOrDefault(kv => kv.Value == r.WorkerId).Key;
            if (hostname is null)
            {
                Sender.Answer(r, new Refusal.NotFound($"no worker {r.WorkerId}"));
                return;
            }
            var sender = Sender;
            Persist(new HostnameReleased(hostname, r.WorkerId, r.By, DateTimeOffset.UtcNow), JournalWrites.Timed<HostnameReleased>(JournalWrites.Registry, e =>
            {
                Apply(e);
                sender.Answer(r, Outcome.Done());
            }));
        });
    }

    public override string PersistenceId => Id;

    public static Props Props(IActorRef workers) => Akka.Actor.Props.Create(() => new WorkerRegistry(workers));

    private void Apply(WorkerIdAllocated e)
    {
        _idByHostname[Hostnames.Key(e.Hostname)] = e.WorkerId;
        _lastId = Math.Max(_lastId, e.WorkerId);
    }

    /// <summary>Runs <paramref name="then"/> with the host name's id, allocating (and persisting) one first if it has none.</summary>
    private void WithId(string hostname, string? by, Action<long, IActorRef> then)
    {
        var sender = Sender;
        if (_idByHostname.TryGetValue(Hostnames.Key(hostname), out var known))
        {
            then(known, sender);
            return;
        }
        Persist(new WorkerIdAllocated(hostname, _lastId + 1, by), JournalWrites.Timed<WorkerIdAllocated>(JournalWrites.Registry, e =>
        {
            Apply(e);
            then(e.WorkerId, sender);
        }));
    }

    private void Apply(HostnameReleased e)
    {
        var key = Hostnames.Key(e.Hostname);
        if (_idByHostname.TryGetValue(key, out var id) && id == e.WorkerId) _idByHostname.Remove(key);
    }

    private static ApplyRegistration Registration(long id, RegisterWorker r) =>
        new(id, r.Hostname, r.System, r.Port, r.SupportedTypes, r.Tags, r.IpAddress, r.By);
}
