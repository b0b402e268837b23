using Microsoft.Extensions.Options;

namespace HarvestOData.Harvest;

/// <summary>Fails the host at start with messages that name each bad <c>Harvest:*</c> key.</summary>
internal sealed class HarvestOptionsValidation : IValidateOptions<HarvestOptions>
{
    public ValidateOptionsResult Validate(string? name, HarvestOptions options)
    {
        var problems = options.Validate().ToList();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
