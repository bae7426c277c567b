using Akka.Actor;
using Manager.Actors.Common;
using Manager.Actors.Settings;
using Manager.Actors.Tasks;
using TaskStatus = Manager.Actors.Tasks.TaskStatus;

namespace Manager.Tests.Support;

/// <summary>Asks of actor tests that talk to a real <see cref="TaskDispatcher"/> (on the TestKit's virtual clock or not).</summary>
public static class DispatcherAsks
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    /// <summary>A dispatcher that has recovered (it answered a query) before the test goes on.</summary>
    public static async Task<IActorRef> RecoveredDispatcher(ActorSystem system, CurrentSettings settings)
    {
        var dispatcher = system.ActorOf(TaskDispatcher.Props(settings, 10_000));
        await Ask(dispatcher, new ListTasks(null, null, 0, 1));
        return dispatcher;
    }

    /// <summary>The answer of an ask that must succeed.</summary>
    public static async Task<TValue> Ask<TValue>(IActorRef actor, IAsk<TValue> message)
    {
        var outcome = await actor.Ask(message, Bound);
        Assert.Null(outcome.Refusal);
        return outcome.Value!;
    }

    public static async Task<(TaskStatus, long?)> StatusAndHolder(IActorRef dispatcher, long task)
    {
        var record = await Ask(dispatcher, new GetTask(task));
        return (record.Status, record.WorkerId);
    }
}
