using Akka.Actor;
using Akka.Hosting;
using Manager.Actors.Common;
using Manager.Actors.Hosting;
using Manager.Actors.Settings;
using Manager.Actors.Tasks;
using Manager.Actors.Tokens;
using Manager.Actors.Workers;

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
    IRequiredActor<ActorKeys.Settings> settings,
    IRequiredActor<ActorKeys.Tokens> tokens,
    IConfiguration configuration)
{
    private readonly TimeSpan _timeout = TimeSpan.FromSeconds(configuration.GetValue("Manager:AskTimeoutSeconds", 15));

    public Task<Outcome<TValue>> Ask<TValue>(IAsk<TValue> message) => RecipientOf(message).Ask(message, _timeout);

    /// <summary>Tells the worker's proxy it was heard from (no answer, no wait): see <see cref="WorkerHeard"/>.</summary>
    public void Heard(long workerId, string? ipAddress) => workers.ActorRef.Tell(new WorkerHeard(workerId, ipAddress));

    private IActorRef RecipientOf(object message) => message switch
    {
        ITaskDispatcherMessage => dispatcher.ActorRef,
        IWorkerMessage => workers.ActorRef,
        IWorkerRegistryMessage => registry.ActorRef,
        IWorkerDirectoryMessage => directory.ActorRef,
        ISettingsMessage => settings.ActorRef,
        ITokenStoreMessage => tokens.ActorRef,
        _ => throw new ArgumentException($"{message.GetType().Name} names no actor (it implements none of the recipient interfaces)", nameof(message)),
    };
}
