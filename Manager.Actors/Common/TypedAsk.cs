using Akka.Actor;

namespace Manager.Actors.Common;

/// <summary>Asking and answering with the outcome a message declares (<see cref="IAsk{TValue}"/>), so the compiler checks both ends.</summary>
public static class TypedAsk
{
    public static Task<Outcome<TValue>> Ask<TValue>(this ICanTell recipient, IAsk<TValue> message, TimeSpan timeout,
        CancellationToken cancellationToken = default) =>
        recipient.Ask<Outcome<TValue>>(message, timeout, cancellationToken);

    /// <summary>Sends <paramref name="asker"/> the answer to <paramref name="message"/> (from the current actor).</summary>
    public static void Answer<TValue>(this IActorRef asker, IAsk<TValue> message, Outcome<TValue> outcome) => asker.Tell(outcome);
}
