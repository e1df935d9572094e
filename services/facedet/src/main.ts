/** The facedet service process: configuration from the environment, then serve until SIGTERM. */
import { runModuleService } from '@vprog/module-host';
import { loadConfig } from './config';
import { createFacedetService } from './server';

void runModuleService('facedet', () => createFacedetService(loadConfig(process.env)));
