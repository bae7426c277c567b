using System.Diagnostics;
using Akka.Actor;
using Akka.Cluster;
using Akka.Hosting;
using Manager.Actors.Common;
using Manager.Actors.Hosting;
using Manager.Actors.Settings;
using Manager.Actors.Tasks;
using Manager.Actors.Tokens;
using Manager.Actors.Workers;
using Manager.Http.Auth;

namespace Manager.Http;

/// <summary>
/// The HTTP layer's only way into the actors: ask, and await the outcome the message declares (<see cref="IAsk{TValue}"/>).
/// The message's own interface names the actor it goes to.
/// </summary>
public sealed class ActorGateway(
    IRequiredActor<ActorKeys.Dispatcher> dispatcher,
    IRequiredActor<ActorKeys.Workers> workers,
    IRequiredActor<ActorKeys.WorkerRegistry> registry,
    IRequiredActor<ActorKeys.WorkerDirectory> directory,
    IRequiredActor<ActorKeys.Settings> settingsActor,
    IRequiredActor<ActorKeys.Tokens> tokens,
    SingletonHost singletons,
    WorkerContacts contacts,
    ActorSystem system,
    IConfiguration configuration)
{
    /// <summary>How often a waiting repeatable ask looks at the singletons' node (only asks slower than this look at all).</summary>
    internal static readonly TimeSpan Watch = TimeSpan.FromMilliseconds(200);

    /// <summary>After the singletons' node changed, the singleton proxies need a moment to see the removal too; sooner, a
    /// message would still go to the old node.</summary>
    internal static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(300);

    private readonly TimeSpan _timeout = TimeSpan.FromSeconds(configuration.GetValue("Manager:AskTimeoutSeconds", 15));

    /// <summary>Messages to the actors cross the network (a cluster: they are serialized, within Akka's frame size).</summary>
    public bool CrossesNodes => singletons.InCluster;

    public Task<Outcome<TValue>> Ask<TValue>(IAsk<TValue> message) =>
        message is IRepeatable && singletons.InCluster
            ? AskAcrossFailover(message)
            : RecipientOf(message).Ask(message, _timeout);

    /// <summary>
    /// In a cluster, a repeatable message is not sent while the singletons' node is unreachable (it would be lost with that
    /// node), and is sent again if that node becomes unreachable or changes while the answer is awaited; after such a move, or
    /// when another node fails or leaves meanwhile (the worker's shard may have lived there), it is repeated every
    /// <see cref="Repeat"/> until one answer comes (a shard of the lost node, or a proxy that has not seen the removal yet,
    /// drops the copies sent before they moved). All within the one ask timeout: a claim sent just before a crash is answered
    /// once the singletons run again, not after the timeout.
    /// </summary>
    private async Task<Outcome<TValue>> AskAcrossFailover<TValue>(IAsk<TValue> message)
    {
        var clock = Stopwatch.StartNew();
        var recipient = RecipientOf(message);
        var pending = new List<Task<Outcome<TValue>>>(1);
        var moved = false;
        while (true)
        {
            UniqueAddress? host;
            var waited = false;
            while (!singletons.Reachable(out host))
            {
                if (clock.Elapsed + Watch >= _timeout) break;
                waited = true;
                if (await AnyAnswer(pending, Watch) is { } early) return early;
            }
            if (waited && host is not null && await AnyAnswer(pending, Settle) is { } settled) return settled;

            var remaining = _timeout - clock.Elapsed;
            if (remaining <= TimeSpan.Zero || host is null)
            {
                if (pending.Count > 0) return await pending[0]; // times out with its own message
                throw new AskTimeoutException($"the node of the cluster singletons was unreachable for {_timeout.TotalSeconds:0} s");
            }
            var shape = singletons.Shape;
            pending.Add(recipient.Ask(message, remaining));
            var sent = clock.Elapsed;
            while (true)
            {
                if (await AnyAnswer(pending, Watch) is { } answer) return answer;
                if (pending.TrueForAll(p => p.IsCompleted)) return await pending[^1]; // every copy timed out: the deadline
                if (!singletons.Reachable(out var now) || !Equals(now, host)) { moved = true; break; } // failed or moved: send again
                if (singletons.Shape != shape) moved = true; // another node failed or left: the worker's shard may have been there
                if (moved && clock.Elapsed - sent >= Repeat) break;
            }
        }
    }

    /// <summary>After a move, a copy still unanswered after this is sent again.</summary>
    internal static readonly TimeSpan Repeat = TimeSpan.FromSeconds(1);

    /// <summary>The first successful answer among <paramref name="pending"/> within <paramref name="wait"/>, else null.</summary>
    private static async Task<Outcome<TValue>?> AnyAnswer<TValue>(List<Task<Outcome<TValue>>> pending, TimeSpan wait)
    {
        // Cancelled on the way out: a claim answered in a millisecond does not leave a timer behind for the rest of the wait.
        using var stop = new CancellationTokenSource();
        var delay = Task.Delay(wait, stop.Token);
        try
        {
            return await FirstAnswer(pending, delay);
        }
        finally
        {
            await stop.CancelAsync();
        }
    }

    private static async Task<Outcome<TValue>?> FirstAnswer<TValue>(List<Task<Outcome<TValue>>> pending, Task delay)
    {
        while (true)
        {
            foreach (var p in pending)
                if (p.IsCompletedSuccessfully) return p.Result;
            var open = pending.Where(p => !p.IsCompleted).Cast<Task>().ToList();
            if (open.Count == 0) { await delay; return null; }
            open.Add(delay);
            var first = await Task.WhenAny(open);
            if (first == delay) return pending.FirstOrDefault(p => p.IsCompletedSuccessfully)?.Result;
        }
    }

    /// <summary>
    /// Notes a request of the worker in this node's <see cref="WorkerContacts"/>, which its proxy reads (no message, no
    /// wait); news (the worker's first request on this node, a new address, one its proxy watches for) is also told to the
    /// proxy as <see cref="WorkerHeard"/>.
    /// </summary>
    public void Heard(long workerId, string? ipAddress)
    {
        if (contacts.Heard(workerId, ipAddress, system.Scheduler.Now.ToUnixTimeMilliseconds()))
            workers.ActorRef.Tell(new WorkerHeard(workerId, ipAddress));
    }

    private IActorRef RecipientOf(object message) => message switch
    {
        ITaskDispatcherMessage => dispatcher.ActorRef,
        IWorkerMessage => workers.ActorRef,
        IWorkerRegistryMessage => registry.ActorRef,
        IWorkerDirectoryMessage => directory.ActorRef,
        ISettingsMessage => settingsActor.ActorRef,
        ITokenStoreMessage => tokens.ActorRef,
        _ => throw new ArgumentException($"{message.GetType().Name} names no actor (it implements none of the recipient interfaces)", nameof(message)),
    };
}
