// SAP CAP as the peer of bench/odata (bench/odata/README.md): serves a CDS model (written by the bench from the entity catalog)
// over the bench's SQLite file, on 127.0.0.1. Usage: node server.js <db file> <port> <model.cds>
const cds = require('@sap/cds')
const express = require('express')

const [, , dbFile, port, modelFile] = process.argv

async function main () {
  cds.env.requires.db = { kind: 'sqlite', credentials: { url: dbFile } }
  // Pages of 5000 like the server under test (CAP's default is 1000).
  cds.env.query = { limit: { default: 5000, max: 5000 } }
  const app = express()
  // The model first: the database service infers queries from it.
  cds.model = cds.compile.for.nodejs(await cds.load(modelFile))
  await cds.connect.to('db')
  await cds.serve('all').from(cds.model).in(app)
  app.listen(Number(port), '127.0.0.1', () => console.log('ready'))
}

main().catch(e => { console.error(e); process.exit(1) })
