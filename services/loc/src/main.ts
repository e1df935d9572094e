/** The loc service process: configuration from the environment, then serve until SIGTERM. */
import { runModuleService } from '@vprog/module-host';
import { loadConfig } from './config';
import { createLocService } from './server';

void runModuleService('loc', () => createLocService(loadConfig(process.env)));
