/** The vqa service process: configuration from the environment, then serve until SIGTERM. */
import { runModuleService } from '@vprog/module-host';
import { loadConfig } from './config';
import { createVqaService } from './server';

void runModuleService('vqa', () => createVqaService(loadConfig(process.env)));
