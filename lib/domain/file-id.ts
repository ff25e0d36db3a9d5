/** The instance-qualified file id Nextcloud clients expect (OC-FileId header, oc:id): 8 or more digits, then the instance. */
export function ocFileId(nodeId: number): string {
  return `${String(nodeId).padStart(8, "0")}haven`;
}
