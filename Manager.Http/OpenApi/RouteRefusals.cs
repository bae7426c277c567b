namespace Manager.Http.OpenApi;

public static class RouteRefusals
{
    /// <summary>
    /// Documents the route's own refusals as problem details: 400 and 422 carry <c>errors</c> by field (validation
    /// problems), the others a plain problem. 401, 403 and 503 every route with a token has (ProblemResponses).
    /// </summary>
    public static RouteHandlerBuilder Refuses(this RouteHandlerBuilder route, params int[] statuses)
    {
        foreach (var status in statuses)
        {
            if (status is StatusCodes.Status400BadRequest or StatusCodes.Status422UnprocessableEntity) route.ProducesValidationProblem(status);
            else route.ProducesProblem(status);
        }
        return route;
    }
}
