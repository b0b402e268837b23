namespace HarvestOData.Sandbox.Access;

internal enum WriteKind
{
    Create,
    Update,
    Delete,
}
