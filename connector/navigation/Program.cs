// Usage: dotnet run --project connector/navigation -- <path of navigation.json>
// Run by connector/HarvestOData/HarvestOData.proj (and the server's build) before the .mez is packed.
using HarvestOData.Connector.Navigation;

if (args.Length != 1)
{
    await Console.Error.WriteLineAsync("usage: HarvestOData.Connector.Navigation <path of navigation.json>");
    return 2;
}
ConnectorNavigation.Write(args[0]);
return 0;
