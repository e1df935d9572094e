/** The classify service process: configuration from the environment, then serve until SIGTERM. */
import { runModuleService } from '@vprog/module-host';
import { loadConfig } from './config';
import { createClassifyService } from './server';

void runModuleService('classify', () => createClassifyService(loadConfig(process.env)));
