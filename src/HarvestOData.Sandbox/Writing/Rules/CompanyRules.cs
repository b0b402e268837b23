using HarvestOData.Sandbox.Protocol;

namespace HarvestOData.Sandbox.Writing.Rules;

/// <summary>The company: weekly capacity is a positive number of seconds.</summary>
internal sealed class CompanyRules : ResourceRules
{
    public override void BeforeSave(WriteContext c)
    {
        if (c["weekly_capacity"] is long seconds && seconds <= 0)
            throw SandboxProblem.Invalid("Weekly capacity must be greater than 0");
    }
}
