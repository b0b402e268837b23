// Building the .mez with the connector's own MSBuild project, into a directory of the test's choosing.
"use strict";

const { execFileSync } = require("node:child_process");
const path = require("node:path");
const { NAME, PROJECT } = require("./connector");

/** Runs `dotnet msbuild HarvestOData.proj` with OutputPath=<outputDir>/ and returns the .mez path. */
function buildMez(outputDir) {
    try {
        execFileSync(
            "dotnet",
            ["msbuild", PROJECT, "-nologo", "-verbosity:minimal", "-t:Rebuild", `-p:OutputPath=${outputDir}${path.sep}`],
            { stdio: "pipe", encoding: "utf8", env: { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: "1", DOTNET_NOLOGO: "1" } }
        );
    } catch (error) {
        if (error.code === "ENOENT") throw new Error("dotnet is not on PATH: the .mez is built with `dotnet msbuild`");
        throw new Error(`dotnet msbuild failed (exit ${error.status}):\n${error.stdout}${error.stderr}`);
    }
    return path.join(outputDir, `${NAME}.mez`);
}

module.exports = { buildMez };
