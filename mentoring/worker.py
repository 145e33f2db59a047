"""The queue with every job on it: `huey_consumer mentoring.worker.huey` runs them, and the app imports this module
so that it queues to the same tasks. The one list of the modules that declare jobs."""
from mentoring import jobs
from mentoring.auth import jobs as auth_jobs
from mentoring.conversations import jobs as conversations_jobs
from mentoring.coordinate import jobs as coordinate_jobs
from mentoring.coordinate import match_runs
from mentoring.discussions import service as discussions_service
from mentoring.feedback import jobs as feedback_jobs
from mentoring.inbound import jobs as inbound_jobs
from mentoring.matching import jobs as matching_jobs
from mentoring.meetings import jobs as meetings_jobs
from mentoring.queue import huey

JOB_MODULES = (jobs, auth_jobs, matching_jobs, conversations_jobs, meetings_jobs, feedback_jobs, inbound_jobs,
               coordinate_jobs, match_runs, discussions_service)

__all__ = ["JOB_MODULES", "huey"]
