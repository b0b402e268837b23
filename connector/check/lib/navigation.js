// The navigation tree: navigation.json as the build writes it from the entity catalog (connector/navigation), and the
// folder display names HarvestOData.pq gives its keys.
"use strict";

const { execFileSync } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const M = require("./m-ast");
const { REPO_ROOT } = require("./connector");

const GENERATOR = path.join(REPO_ROOT, "connector", "navigation", "HarvestOData.Connector.Navigation.csproj");

let generated;

/** The text of navigation.json, written by the generator itself (`dotnet run`, once per test process). */
function generatedNavigationText() {
    if (generated === undefined) {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "harvestodata-navigation-"));
        const file = path.join(dir, "navigation.json");
        try {
            execFileSync("dotnet", ["run", "--project", GENERATOR, "-c", "Release", "--", file], {
                stdio: "pipe",
                encoding: "utf8",
                env: { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: "1", DOTNET_NOLOGO: "1" },
            });
            generated = fs.readFileSync(file, "utf8");
        } catch (error) {
            if (error.code === "ENOENT") throw new Error("dotnet is not on PATH: navigation.json is written by `dotnet run`");
            throw new Error(`the navigation generator failed (exit ${error.status}):\n${error.stdout}${error.stderr}`);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    }
    return generated;
}

/** {folders: [{key, entitySets}], singletons: [name]} as the .mez ships it. */
function navigation() {
    return JSON.parse(generatedNavigationText());
}

/** The folder keys HarvestOData.pq names in `FolderNames = [Key = Extension.LoadString(…), …]`. */
function folderNames(connector) {
    return [...(M.recordFields(connector.members.get("FolderNames")?.value) ?? new Map()).keys()];
}

module.exports = { generatedNavigationText, navigation, folderNames };
