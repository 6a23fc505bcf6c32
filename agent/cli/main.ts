#!/usr/bin/env node
// charger-agent command line entry point: dispatches to subcommands.
console.log('charger-agent');
