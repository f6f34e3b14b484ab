import { ErrorCode, OnscreenError } from '@onscreen/core';
import type { EnqueuedTask, Meilisearch, Task } from 'meilisearch';
import { meiliCall } from './meili-client.js';

/**
 * Await tasks and check each one's status: meilisearch-js returns failed and canceled tasks without
 * throwing, so a caller that only awaits would report success for a write that never happened.
 */
export async function awaitTasks(client: Meilisearch, enqueued: readonly EnqueuedTask[], action: string): Promise<Task[]> {
  const tasks: Task[] = [];
  for (const { taskUid } of enqueued) {
    tasks.push(await meiliCall(`${action}: wait for task ${taskUid}`, () => client.tasks.waitForTask(taskUid)));
  }
  for (const task of tasks) assertSucceeded(task, action);
  return tasks;
}

export function assertSucceeded(task: Task, action: string): void {
  if (task.status === 'succeeded') return;
  throw new OnscreenError(
    ErrorCode.MEILI_TASK_FAILED,
    `Meilisearch task ${task.uid} (${task.type}) ${task.status} during ${action}${task.error ? `: ${task.error.message}` : ''}.`,
    {
      details: {
        taskUid: task.uid,
        batchUid: task.batchUid,
        indexUid: task.indexUid,
        type: task.type,
        status: task.status,
        error: task.error,
      },
    },
  );
}

/** Enqueue one task (an EnqueuedTaskPromise or any promise of an EnqueuedTask), translating failures. */
export function enqueue(action: string, start: () => Promise<EnqueuedTask>): Promise<EnqueuedTask> {
  return meiliCall(action, start);
}
