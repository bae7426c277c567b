using Akka.Actor;
using Akka.Hosting;
using Manager.Actors.Common;
using Manager.Actors.Hosting;

namespace Manager.Http;

/// <summary>The HTTP layer's only way into the actors: send a message, await the outcome.</summary>
public sealed class ActorGateway(
    IRequiredActor<ActorKeys.Dispatcher> dispatcher,
    IRequiredActor<ActorKeys.Workers> workers,
    IRequiredActor<ActorKeys.WorkerRegistry> registry,
    IRequiredActor<ActorKeys.Settings> settings,
    IRequiredActor<ActorKeys.Tokens> tokens,
    IConfiguration configuration)
{
    private readonly TimeSpan _timeout = TimeSpan.FromSeconds(configuration.GetValue("Manager:AskTimeoutSeconds", 15));

    public Task<Outcome> Dispatcher(object message) => dispatcher.ActorRef.Ask<Outcome>(message, _timeout);
    public Task<Outcome> Worker(object message) => workers.ActorRef.Ask<Outcome>(message, _timeout);
    public Task<Outcome> Registry(object message) => registry.ActorRef.Ask<Outcome>(message, _timeout);
    public Task<Outcome> Settings(object message) => settings.ActorRef.Ask<Outcome>(message, _timeout);
    public Task<Outcome> Tokens(object message) => tokens.ActorRef.Ask<Outcome>(message, _timeout);
}
