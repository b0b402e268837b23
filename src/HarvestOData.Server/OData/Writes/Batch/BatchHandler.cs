using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using HarvestOData.Server.OData.Model;
using HarvestOData.Server.OData.Writes.Responses;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace HarvestOData.Server.OData.Writes.Batch;

/// <summary>
/// <c>POST /odata/$batch</c> (JSON or multipart/mixed): parses, runs through <see cref="BatchRunner"/> and answers in the
/// request's format. With <c>Prefer: respond-async</c> it answers 202 at once with a status monitor
/// (<c>Location: …/odata/$batch-status/{id}</c>) that answers 202 with progress while running, then the batch response.
/// </summary>
public sealed class BatchHandler(ServiceModel model, BatchRunner runner, BatchJobs jobs, IOptions<WriteOptions> options, IHostApplicationLifetime lifetime)
{
    public async Task<WriteResponse> RunAsync(WriteSession session, WriteRequest write, HttpContext http, CancellationToken cancellationToken)
    {
        BatchDocument document;
        try
        {
            document = Parse(write, session.ServiceRoot);
        }
        catch (WriteException e)
        {
            return ErrorResponse.From(e);
        }
        var prefer = Preferences.Parse(write.Header("Prefer"));
        bool continueOnError = prefer.ContinueOnError ?? false;
        var origin = BatchOrigin.Of(http.Request);
        if (!prefer.RespondAsync)
        {
            var outcomes = await runner.RunAsync(session, document, origin, continueOnError, null, cancellationToken).ConfigureAwait(false);
            return Respond(document.Format, outcomes, continueOnError);
        }
        BatchJob job;
        try
        {
            job = jobs.Start(Owner(session), document.Parts.Count, async running =>
            {
                var outcomes = await runner.RunAsync(session, document, origin, continueOnError, running.Advance, lifetime.ApplicationStopping).ConfigureAwait(false);
                return Respond(document.Format, outcomes, continueOnError);
            });
        }
        catch (WriteException e)
        {
            return ErrorResponse.From(e);
        }
        return new WriteResponse(202)
            .With("Location", session.ServiceRoot + WriteHandler.StatusSegment + "/" + job.Id)
            .With("Preference-Applied", "respond-async")
            .With("Retry-After", "1")
            .With("OData-Version", "4.0");
    }

    /// <summary>The status monitor: 202 with progress while running, then the batch's own response.</summary>
    public WriteResponse Status(WriteSession session, string id)
    {
        var job = jobs.Find(id, Owner(session));
        if (job is null)
            return ErrorResponse.Create(404, "NotFound", "No asynchronous batch of yours has this id (results are kept for a limited time).");
        if (job.Result is { } result)
            return result;
        var progress = JsonSerializer.SerializeToUtf8Bytes(new { status = "running", completed = job.Completed, total = job.Total });
        return new WriteResponse(202) { Body = progress, ContentType = "application/json;charset=utf-8" }
            .With("Location", session.ServiceRoot + WriteHandler.StatusSegment + "/" + job.Id)
            .With("Retry-After", "1");
    }

    private BatchDocument Parse(WriteRequest write, string serviceRoot)
    {
        return BatchReader.Parse(model, write.Body.ToArray(), write.Header("Content-Type") ?? "", serviceRoot, options.Value.MaxBatchRequests);
    }

    private WriteResponse Respond(BatchFormat format, IReadOnlyList<BatchOutcome> outcomes, bool continueOnError)
    {
        var response = BatchWriter.Write(model, format, outcomes);
        if (continueOnError)
            response.Headers["Preference-Applied"] = "continue-on-error";
        return response;
    }

    /// <summary>Who may poll a job: a hash of account and token, never the token itself.</summary>
    private static string Owner(WriteSession session) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(session.Client.Credential.AccountId + "\n" + session.Client.Credential.Token)));
}
