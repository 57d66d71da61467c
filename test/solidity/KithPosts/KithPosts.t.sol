// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IKithPosts} from "../../../contracts/interfaces/IKithPosts.sol";
import {IKithProfiles} from "../../../contracts/interfaces/IKithProfiles.sol";
import {KithTestSuite} from "../KithTestSuite.sol";

contract KithPostsTest is KithTestSuite {
    uint256 internal constant MAX_URI_LENGTH = 512;
    /// @dev sha256("gm back")
    bytes32 internal constant REPLY_HASH = 0x6a6685860cc146858818a2a8c36bd7e391a19c17c674d6d54be947fbed91d3d5;

    uint256 internal aliceId;
    uint256 internal bobId;
    /// @dev alice's first post, the target of replies, quotes and reposts.
    uint256 internal alicePostId;

    function setUp() public override {
        super.setUp();
        aliceId = _register(alice, "alice");
        bobId = _register(bob, "bob");
        alicePostId = _post(aliceId, CONTENT_HASH);
    }

    /*//////////////////////////////////////////////////////////////
                                   IDS
    //////////////////////////////////////////////////////////////*/

    function test_ComputePostId_MatchesDocumentedFormula() public view {
        for (uint8 kind; kind < 4; ++kind) {
            IKithPosts.PostKind postKind = IKithPosts.PostKind(kind);
            uint256 postId = kith.computePostId(bobId, postKind, alicePostId, REPLY_HASH);

            assertEq(postId, _expectedPostId(bobId, postKind, alicePostId, REPLY_HASH), "formula");
            assertEq(postId >> 160, bobId, "author in the top 96 bits");
            assertEq(
                uint160(postId),
                uint160(uint256(keccak256(abi.encode(bobId, kind, alicePostId, REPLY_HASH)))),
                "digest in the low 160 bits"
            );
        }
    }

    function test_ComputePostId_DependsOnEveryField() public view {
        IKithPosts.PostKind reply = IKithPosts.PostKind.Reply;
        uint256 base = kith.computePostId(bobId, reply, alicePostId, REPLY_HASH);

        assertNotEq(base, kith.computePostId(aliceId, reply, alicePostId, REPLY_HASH), "author");
        assertNotEq(base, kith.computePostId(bobId, IKithPosts.PostKind.Quote, alicePostId, REPLY_HASH), "kind");
        assertNotEq(base, kith.computePostId(bobId, reply, alicePostId + 1, REPLY_HASH), "target");
        assertNotEq(base, kith.computePostId(bobId, reply, alicePostId, CONTENT_HASH), "digest");
    }

    function test_AuthorOf_ReturnsTopBits() public view {
        assertEq(kith.authorOf(alicePostId), aliceId);
        assertEq(kith.authorOf((uint256(5) << 160) | type(uint160).max), 5);
        assertEq(kith.authorOf(type(uint160).max), 0);
        assertEq(kith.authorOf(type(uint256).max), type(uint96).max);
    }

    function test_MaxUriLength() public view {
        assertEq(kith.MAX_URI_LENGTH(), MAX_URI_LENGTH);
    }

    /*//////////////////////////////////////////////////////////////
                                  POST
    //////////////////////////////////////////////////////////////*/

    function test_Post_EmitsPosted() public {
        bytes32 contentHash = REPLY_HASH;
        uint256 expectedId = _expectedPostId(bobId, IKithPosts.PostKind.Post, 0, contentHash);

        vm.expectEmit(address(kith));
        emit IKithPosts.Posted(expectedId, bobId, 0, IKithPosts.PostKind.Post, bob, contentHash, URI);
        vm.prank(bob);
        uint256 postId = kith.post(bobId, contentHash, URI);

        assertEq(postId, expectedId, "returned id");
        assertEq(kith.authorOf(postId), bobId, "author");
    }

    function test_Post_AcceptsEmptyUri() public {
        uint256 expectedId = _expectedPostId(bobId, IKithPosts.PostKind.Post, 0, CONTENT_HASH);
        vm.expectEmit(address(kith));
        emit IKithPosts.Posted(expectedId, bobId, 0, IKithPosts.PostKind.Post, bob, CONTENT_HASH, "");
        vm.prank(bob);
        kith.post(bobId, CONTENT_HASH, "");
    }

    function test_Post_AcceptsUriOfMaxLength() public {
        string memory uri = _uriOfLength(MAX_URI_LENGTH);
        uint256 expectedId = _expectedPostId(bobId, IKithPosts.PostKind.Post, 0, CONTENT_HASH);

        vm.expectEmit(address(kith));
        emit IKithPosts.Posted(expectedId, bobId, 0, IKithPosts.PostKind.Post, bob, CONTENT_HASH, uri);
        vm.prank(bob);
        kith.post(bobId, CONTENT_HASH, uri);
    }

    function test_Post_RevertWhen_UriTooLong() public {
        string memory uri = _uriOfLength(MAX_URI_LENGTH + 1);
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(IKithPosts.UriTooLong.selector, 513, 512));
        kith.post(bobId, CONTENT_HASH, uri);
    }

    function test_Post_RevertWhen_EmptyContent() public {
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(IKithPosts.EmptyContent.selector));
        kith.post(bobId, bytes32(0), URI);
    }

    function test_Post_RevertWhen_NotCustody() public {
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IKithProfiles.NotAuthorized.selector, bobId, alice));
        kith.post(bobId, CONTENT_HASH, URI);
    }

    function test_Post_RevertWhen_UnknownProfile() public {
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IKithProfiles.UnknownProfile.selector, 3));
        kith.post(3, CONTENT_HASH, URI);
    }

    /// @dev Documented: the same author, kind, target and digest give the same id again.
    function test_Post_SameFieldsGiveSameId() public {
        uint256 again = _post(aliceId, CONTENT_HASH);
        assertEq(again, alicePostId);
        assertNotEq(_post(bobId, CONTENT_HASH), alicePostId, "another author, another id");
    }

    function test_Post_ActorIsCurrentCustody() public {
        vm.prank(alice);
        kith.offerTransfer(aliceId, dave);
        vm.prank(dave);
        kith.acceptTransfer(aliceId);
        uint256 expectedId = _expectedPostId(aliceId, IKithPosts.PostKind.Post, 0, REPLY_HASH);

        vm.expectEmit(address(kith));
        emit IKithPosts.Posted(expectedId, aliceId, 0, IKithPosts.PostKind.Post, dave, REPLY_HASH, URI);
        vm.prank(dave);
        kith.post(aliceId, REPLY_HASH, URI);

        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IKithProfiles.NotAuthorized.selector, aliceId, alice));
        kith.post(aliceId, REPLY_HASH, URI);
    }

    /*//////////////////////////////////////////////////////////////
                                  REPLY
    //////////////////////////////////////////////////////////////*/

    function test_Reply_EmitsPosted() public {
        uint256 expectedId = _expectedPostId(bobId, IKithPosts.PostKind.Reply, alicePostId, REPLY_HASH);

        vm.expectEmit(address(kith));
        emit IKithPosts.Posted(expectedId, bobId, alicePostId, IKithPosts.PostKind.Reply, bob, REPLY_HASH, URI);
        vm.prank(bob);
        uint256 replyId = kith.reply(bobId, alicePostId, REPLY_HASH, URI);
        assertEq(replyId, expectedId);
    }

    function test_Reply_ToReply() public {
        vm.prank(bob);
        uint256 replyId = kith.reply(bobId, alicePostId, REPLY_HASH, URI);
        uint256 expectedId = _expectedPostId(aliceId, IKithPosts.PostKind.Reply, replyId, CONTENT_HASH);

        vm.expectEmit(address(kith));
        emit IKithPosts.Posted(expectedId, aliceId, replyId, IKithPosts.PostKind.Reply, alice, CONTENT_HASH, URI);
        vm.prank(alice);
        kith.reply(aliceId, replyId, CONTENT_HASH, URI);
    }

    /// @dev Documented: only the target's author is checked, since no post is stored.
    function test_Reply_ToNeverPostedIdOfRegisteredAuthor() public {
        uint256 unseen = (aliceId << 160) | 12345;
        vm.prank(bob);
        uint256 replyId = kith.reply(bobId, unseen, REPLY_HASH, URI);
        assertEq(replyId, _expectedPostId(bobId, IKithPosts.PostKind.Reply, unseen, REPLY_HASH));
    }

    function test_Reply_RevertWhen_TargetZero() public {
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(IKithPosts.UnknownPost.selector, 0));
        kith.reply(bobId, 0, REPLY_HASH, URI);
    }

    function test_Reply_RevertWhen_TargetAuthorUnregistered() public {
        uint256[3] memory targets = [
            _expectedPostId(3, IKithPosts.PostKind.Post, 0, CONTENT_HASH), // the next id, not registered yet
            uint256(uint160(alicePostId)), // author part 0
            type(uint256).max // author 2**96 - 1
        ];
        for (uint256 i; i < targets.length; ++i) {
            vm.prank(bob);
            vm.expectRevert(abi.encodeWithSelector(IKithPosts.UnknownPost.selector, targets[i]));
            kith.reply(bobId, targets[i], REPLY_HASH, URI);
        }
    }

    function test_Reply_RevertWhen_EmptyContent() public {
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(IKithPosts.EmptyContent.selector));
        kith.reply(bobId, alicePostId, bytes32(0), URI);
    }

    function test_Reply_RevertWhen_UriTooLong() public {
        string memory uri = _uriOfLength(MAX_URI_LENGTH + 1);
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(IKithPosts.UriTooLong.selector, 513, 512));
        kith.reply(bobId, alicePostId, REPLY_HASH, uri);
    }

    function test_Reply_RevertWhen_NotCustody() public {
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IKithProfiles.NotAuthorized.selector, bobId, alice));
        kith.reply(bobId, alicePostId, REPLY_HASH, URI);
    }

    /*//////////////////////////////////////////////////////////////
                                  QUOTE
    //////////////////////////////////////////////////////////////*/

    function test_Quote_EmitsPosted() public {
        uint256 expectedId = _expectedPostId(bobId, IKithPosts.PostKind.Quote, alicePostId, REPLY_HASH);

        vm.expectEmit(address(kith));
        emit IKithPosts.Posted(expectedId, bobId, alicePostId, IKithPosts.PostKind.Quote, bob, REPLY_HASH, URI);
        vm.prank(bob);
        uint256 quoteId = kith.quote(bobId, alicePostId, REPLY_HASH, URI);
        assertEq(quoteId, expectedId);
    }

    function test_Quote_RevertWhen_UnknownPost() public {
        uint256 target = (uint256(7) << 160) | 1;
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(IKithPosts.UnknownPost.selector, target));
        kith.quote(bobId, target, REPLY_HASH, URI);

        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(IKithPosts.UnknownPost.selector, 0));
        kith.quote(bobId, 0, REPLY_HASH, URI);
    }

    function test_Quote_RevertWhen_EmptyContent() public {
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(IKithPosts.EmptyContent.selector));
        kith.quote(bobId, alicePostId, bytes32(0), URI);
    }

    function test_Quote_RevertWhen_UriTooLong() public {
        string memory uri = _uriOfLength(MAX_URI_LENGTH + 1);
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(IKithPosts.UriTooLong.selector, 513, 512));
        kith.quote(bobId, alicePostId, REPLY_HASH, uri);
    }

    function test_Quote_RevertWhen_NotCustody() public {
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IKithProfiles.NotAuthorized.selector, bobId, alice));
        kith.quote(bobId, alicePostId, REPLY_HASH, URI);
    }

    /*//////////////////////////////////////////////////////////////
                                 REPOST
    //////////////////////////////////////////////////////////////*/

    function test_Repost_EmitsPostedWithZeroDigest() public {
        uint256 expectedId = _expectedPostId(bobId, IKithPosts.PostKind.Repost, alicePostId, bytes32(0));

        vm.expectEmit(address(kith));
        emit IKithPosts.Posted(expectedId, bobId, alicePostId, IKithPosts.PostKind.Repost, bob, bytes32(0), "");
        vm.prank(bob);
        uint256 repostId = kith.repost(bobId, alicePostId);
        assertEq(repostId, expectedId);
    }

    function test_Repost_IdDiffersFromOtherKindsOnSameTarget() public {
        vm.startPrank(bob);
        uint256 repostId = kith.repost(bobId, alicePostId);
        uint256 quoteId = kith.quote(bobId, alicePostId, REPLY_HASH, URI);
        uint256 replyId = kith.reply(bobId, alicePostId, REPLY_HASH, URI);
        vm.stopPrank();

        assertNotEq(repostId, quoteId);
        assertNotEq(repostId, replyId);
        assertNotEq(quoteId, replyId);
    }

    function test_Repost_RevertWhen_UnknownPost() public {
        uint256[2] memory targets = [uint256(0), _expectedPostId(3, IKithPosts.PostKind.Post, 0, CONTENT_HASH)];
        for (uint256 i; i < targets.length; ++i) {
            vm.prank(bob);
            vm.expectRevert(abi.encodeWithSelector(IKithPosts.UnknownPost.selector, targets[i]));
            kith.repost(bobId, targets[i]);
        }
    }

    function test_Repost_RevertWhen_NotCustody() public {
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IKithProfiles.NotAuthorized.selector, bobId, alice));
        kith.repost(bobId, alicePostId);
    }

    /*//////////////////////////////////////////////////////////////
                                 DELETE
    //////////////////////////////////////////////////////////////*/

    function test_DeletePost_EmitsPostDeleted() public {
        vm.expectEmit(address(kith));
        emit IKithPosts.PostDeleted(alicePostId, aliceId, alice);
        vm.prank(alice);
        kith.deletePost(aliceId, alicePostId);
    }

    function test_DeletePost_UndoesRepost() public {
        vm.prank(bob);
        uint256 repostId = kith.repost(bobId, alicePostId);

        vm.expectEmit(address(kith));
        emit IKithPosts.PostDeleted(repostId, bobId, bob);
        vm.prank(bob);
        kith.deletePost(bobId, repostId);
    }

    /// @dev Documented: deleting an id that was never posted is allowed (a no-op for indexers).
    function test_DeletePost_NeverPostedIdOfOwnProfile() public {
        uint256 unseen = (aliceId << 160) | 42;
        vm.expectEmit(address(kith));
        emit IKithPosts.PostDeleted(unseen, aliceId, alice);
        vm.prank(alice);
        kith.deletePost(aliceId, unseen);
    }

    function test_DeletePost_RevertWhen_NotAuthor() public {
        uint256 bobPostId = _post(bobId, REPLY_HASH);

        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IKithPosts.NotAuthor.selector, bobPostId, aliceId));
        kith.deletePost(aliceId, bobPostId);

        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(IKithPosts.NotAuthor.selector, alicePostId, bobId));
        kith.deletePost(bobId, alicePostId);
    }

    function test_DeletePost_RevertWhen_NotCustody() public {
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(IKithProfiles.NotAuthorized.selector, aliceId, bob));
        kith.deletePost(aliceId, alicePostId);
    }

    function test_DeletePost_ByNewCustodyAfterTransfer() public {
        vm.prank(alice);
        kith.offerTransfer(aliceId, dave);
        vm.prank(dave);
        kith.acceptTransfer(aliceId);

        vm.expectEmit(address(kith));
        emit IKithPosts.PostDeleted(alicePostId, aliceId, dave);
        vm.prank(dave);
        kith.deletePost(aliceId, alicePostId);
    }

    /*//////////////////////////////////////////////////////////////
                                  FUZZ
    //////////////////////////////////////////////////////////////*/

    /// @dev Two tuples that differ in exactly one field (the hardest case) never share an id, and
    ///      both ids decode to their author.
    function testFuzz_ComputePostId_UniqueAcrossFields(
        uint96 profileId,
        uint8 kind,
        uint256 targetId,
        bytes32 contentHash,
        uint256 field,
        uint256 otherValue
    ) public view {
        IKithPosts.PostKind postKind = IKithPosts.PostKind(kind % 4);
        uint256 postId = kith.computePostId(profileId, postKind, targetId, contentHash);

        uint96 otherProfileId = profileId;
        IKithPosts.PostKind otherKind = postKind;
        uint256 otherTargetId = targetId;
        bytes32 otherContentHash = contentHash;
        field %= 4;
        if (field == 0) otherProfileId = uint96(otherValue);
        else if (field == 1) otherKind = IKithPosts.PostKind(otherValue % 4);
        else if (field == 2) otherTargetId = otherValue;
        else otherContentHash = bytes32(otherValue);
        vm.assume(
            otherProfileId != profileId || otherKind != postKind || otherTargetId != targetId
                || otherContentHash != contentHash
        );
        uint256 otherId = kith.computePostId(otherProfileId, otherKind, otherTargetId, otherContentHash);

        assertNotEq(postId, otherId, "ids collide");
        assertEq(postId, _expectedPostId(profileId, postKind, targetId, contentHash), "formula");
        assertEq(kith.authorOf(postId), profileId, "author");
        assertEq(kith.authorOf(otherId), otherProfileId, "other author");
    }

    function testFuzz_ComputePostId_UniqueForArbitraryTuples(
        uint96[2] calldata profileIds,
        uint8[2] calldata kinds,
        uint256[2] calldata targetIds,
        bytes32[2] calldata contentHashes
    ) public view {
        IKithPosts.PostKind kindA = IKithPosts.PostKind(kinds[0] % 4);
        IKithPosts.PostKind kindB = IKithPosts.PostKind(kinds[1] % 4);
        vm.assume(
            profileIds[0] != profileIds[1] || kindA != kindB || targetIds[0] != targetIds[1]
                || contentHashes[0] != contentHashes[1]
        );
        assertNotEq(
            kith.computePostId(profileIds[0], kindA, targetIds[0], contentHashes[0]),
            kith.computePostId(profileIds[1], kindB, targetIds[1], contentHashes[1])
        );
    }

    function testFuzz_Post_EmitsComputedId(bytes32 contentHash, uint256 uriLength) public {
        vm.assume(contentHash != bytes32(0));
        string memory uri = _uriOfLength(bound(uriLength, 0, MAX_URI_LENGTH));
        uint256 expectedId = _expectedPostId(bobId, IKithPosts.PostKind.Post, 0, contentHash);

        vm.expectEmit(address(kith));
        emit IKithPosts.Posted(expectedId, bobId, 0, IKithPosts.PostKind.Post, bob, contentHash, uri);
        vm.prank(bob);
        assertEq(kith.post(bobId, contentHash, uri), expectedId);
    }

    function testFuzz_Post_RevertWhen_UriTooLong(uint256 uriLength) public {
        uriLength = bound(uriLength, MAX_URI_LENGTH + 1, 4 * MAX_URI_LENGTH);
        string memory uri = _uriOfLength(uriLength);
        bytes memory tooLong = abi.encodeWithSelector(IKithPosts.UriTooLong.selector, uriLength, MAX_URI_LENGTH);

        vm.startPrank(bob);
        vm.expectRevert(tooLong);
        kith.post(bobId, CONTENT_HASH, uri);
        vm.expectRevert(tooLong);
        kith.reply(bobId, alicePostId, CONTENT_HASH, uri);
        vm.expectRevert(tooLong);
        kith.quote(bobId, alicePostId, CONTENT_HASH, uri);
        vm.stopPrank();
    }

    function testFuzz_Reply_RevertWhen_TargetAuthorUnregistered(uint256 targetId) public {
        uint256 author = targetId >> 160;
        vm.assume(author != aliceId && author != bobId);

        vm.startPrank(bob);
        vm.expectRevert(abi.encodeWithSelector(IKithPosts.UnknownPost.selector, targetId));
        kith.reply(bobId, targetId, REPLY_HASH, URI);
        vm.expectRevert(abi.encodeWithSelector(IKithPosts.UnknownPost.selector, targetId));
        kith.quote(bobId, targetId, REPLY_HASH, URI);
        vm.expectRevert(abi.encodeWithSelector(IKithPosts.UnknownPost.selector, targetId));
        kith.repost(bobId, targetId);
        vm.stopPrank();
    }

    function testFuzz_DeletePost_RevertWhen_NotAuthor(uint256 postId) public {
        vm.assume(postId >> 160 != aliceId);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IKithPosts.NotAuthor.selector, postId, aliceId));
        kith.deletePost(aliceId, postId);
    }

    /// @dev Every post action refuses any caller but the acting profile's custody.
    function testFuzz_OnlyCustodyMayPost(address caller) public {
        vm.assume(caller != alice);
        bytes memory notAuthorized = abi.encodeWithSelector(IKithProfiles.NotAuthorized.selector, aliceId, caller);

        vm.startPrank(caller);
        vm.expectRevert(notAuthorized);
        kith.post(aliceId, REPLY_HASH, URI);
        vm.expectRevert(notAuthorized);
        kith.reply(aliceId, alicePostId, REPLY_HASH, URI);
        vm.expectRevert(notAuthorized);
        kith.quote(aliceId, alicePostId, REPLY_HASH, URI);
        vm.expectRevert(notAuthorized);
        kith.repost(aliceId, alicePostId);
        vm.expectRevert(notAuthorized);
        kith.deletePost(aliceId, alicePostId);
        vm.stopPrank();
    }

    /*//////////////////////////////////////////////////////////////
                                 HELPERS
    //////////////////////////////////////////////////////////////*/

    function _uriOfLength(uint256 length) private pure returns (string memory) {
        bytes memory uri = new bytes(length);
        for (uint256 i; i < length; ++i) {
            uri[i] = "u";
        }
        return string(uri);
    }
}
