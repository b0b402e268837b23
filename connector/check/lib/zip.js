// Reading a zip's central directory and entries (stored or deflated) without dependencies.
"use strict";

const zlib = require("node:zlib");

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_HEADER = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;

/** Entries in central-directory order: [{name, method, compressedSize, size, crc, data()}]. */
function readZip(buffer) {
    let eocd = -1;
    for (let i = buffer.length - 22; i >= Math.max(0, buffer.length - 22 - 0xffff); i--) {
        if (buffer.readUInt32LE(i) === END_OF_CENTRAL_DIRECTORY) {
            eocd = i;
            break;
        }
    }
    if (eocd < 0) throw new Error("not a zip: no end-of-central-directory record");
    const count = buffer.readUInt16LE(eocd + 10);
    let offset = buffer.readUInt32LE(eocd + 16);
    const entries = [];
    for (let i = 0; i < count; i++) {
        if (buffer.readUInt32LE(offset) !== CENTRAL_HEADER) throw new Error(`bad central directory entry ${i}`);
        const method = buffer.readUInt16LE(offset + 10);
        const crc = buffer.readUInt32LE(offset + 16);
        const compressedSize = buffer.readUInt32LE(offset + 20);
        const size = buffer.readUInt32LE(offset + 24);
        const nameLength = buffer.readUInt16LE(offset + 28);
        const extraLength = buffer.readUInt16LE(offset + 30);
        const commentLength = buffer.readUInt16LE(offset + 32);
        const localOffset = buffer.readUInt32LE(offset + 42);
        const name = buffer.toString("utf8", offset + 46, offset + 46 + nameLength);
        const data = () => {
            if (buffer.readUInt32LE(localOffset) !== LOCAL_HEADER) throw new Error(`${name}: bad local header`);
            const start = localOffset + 30 + buffer.readUInt16LE(localOffset + 26) + buffer.readUInt16LE(localOffset + 28);
            const stored = buffer.subarray(start, start + compressedSize);
            if (method === 0) return Buffer.from(stored);
            if (method === 8) return zlib.inflateRawSync(stored);
            throw new Error(`${name}: unsupported compression method ${method}`);
        };
        entries.push({ name, method, compressedSize, size, crc, data });
        offset += 46 + nameLength + extraLength + commentLength;
    }
    return entries;
}

module.exports = { readZip };
